"""The built-in text of every kind of message, per language. A team's coordinator can
replace it with its own MessageTemplate; both pass the same checks. Every text says how to
stop receiving them, with the word the inbound handler honours (STOP)."""

from notifications.models import MessageKind

DEFAULT_TEXTS = {
    MessageKind.REMINDER: {
        "nl": "Hoi {name}, {activity} is op {date} om {time}, {place}. Tot dan! {sender}. "
        "Geen sms meer? Stuur STOP.",
        "en": "Hi {name}, {activity} is on {date} at {time}, {place}. See you! {sender}. "
        "No more texts? Reply STOP.",
    },
    MessageKind.MILESTONE: {
        "nl": "Hoi {name}, je was al {count} keer bij {activity}. Fijn dat je er steeds bent! "
        "{sender}. Geen sms meer? Stuur STOP.",
        "en": "Hi {name}, you have joined {activity} {count} times. Great to have you! "
        "{sender}. No more texts? Reply STOP.",
    },
    MessageKind.SESSION_THANKS: {
        "nl": "Hoi {name}, dank je wel voor je hulp bij {activity} op {date}. Zonder jou lukt "
        "het niet! {sender}. Geen sms meer? Stuur STOP.",
        "en": "Hi {name}, thank you for your help with {activity} on {date}. We could not do "
        "it without you! {sender}. No more texts? Reply STOP.",
    },
    MessageKind.GROUP_MESSAGE: {"nl": "{sender}", "en": "{sender}"},
    MessageKind.PEER_OVERDUE: {
        "nl": "Hoi {name}, {count} afspraken in Outreach zijn over de datum. Kijk je even? "
        "{sender}. Geen sms meer? Stuur STOP.",
        "en": "Hi {name}, {count} follow-ups in Outreach are past their date. Could you "
        "have a look? {sender}. No more texts? Reply STOP.",
    },
    MessageKind.VERDICT_REQUEST: {
        # "Our help" would tell anyone reading a shared phone that the household was helped.
        "nl": "Hoi {name}, hoe vond je het contact met ons? Stuur een cijfer van 1 tot 10 "
        "terug. Liever niet? Dan hoef je niets te doen. {sender}. Geen sms meer? Stuur STOP.",
        "en": "Hi {name}, how did you find your contact with us? Reply with a number from 1 "
        "to 10. Rather not? Then there is nothing to do. {sender}. No more texts? Reply STOP.",
    },
    MessageKind.VERDICT_RETRY: {
        "nl": "Sorry, dat begrepen we niet. Stuur alleen een cijfer van 1 tot 10, "
        "bijvoorbeeld 8. {sender}. Geen sms meer? Stuur STOP.",
        "en": "Sorry, we did not understand. Reply with just a number from 1 to 10, "
        "for example 8. {sender}. No more texts? Reply STOP.",
    },
    MessageKind.HELP_REPLY: {
        "nl": "Dit is {sender}. Vragen? Bel {help}. Geen sms meer? Stuur STOP.",
        "en": "This is {sender}. Questions? Call {help}. No more texts? Reply STOP.",
    },
}
