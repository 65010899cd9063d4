from functools import wraps

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from outreach import policies
from outreach.forms.offer import OfferForm
from outreach.models import OfferKind, WishCategory
from outreach.querysets import offer_municipalities_kept_by, offers_visible_to
from outreach.selectors.offer import offer_list
from outreach.services.offer import offer_create, offer_update


def offer_reader_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policies.reads_offer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


def offer_keeper_required(view):
    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not policies.can_keep_offer(request.user):
            raise PermissionDenied
        return view(request, *args, **kwargs)

    return wrapper


@offer_reader_required
def offer_list_page(request):
    """The directory, by kind of wish and by word. Peers see what is open today; who keeps
    it sees every entry, the ended and inactive ones marked."""
    category = request.GET.get("category", "")
    category = category if category in WishCategory.values else ""
    kind = request.GET.get("kind", "")
    kind = kind if kind in OfferKind.values else ""
    search = request.GET.get("q", "").strip()[:100]
    keeps = policies.can_keep_offer(request.user)
    offers = offer_list(
        user=request.user, category=category, kind=kind, search=search, current_only=not keeps
    )
    return render(
        request,
        "outreach/offer/list.html",
        {
            "offers": offers,
            "keeps": keeps,
            "categories": WishCategory.choices,
            "kinds": OfferKind.choices,
            "category": category,
            "kind": kind,
            "search": search,
        },
    )


def _save(request, form, save) -> bool:
    if not form.is_valid():
        return False
    try:
        save(form)
    except ValidationError as error:
        for name, errors in getattr(error, "message_dict", {None: error.messages}).items():
            form.add_error(name if name in form.fields else None, errors)
        return False
    return True


@offer_keeper_required
def offer_add(request):
    municipalities = offer_municipalities_kept_by(request.user)
    if not municipalities.exists():
        raise PermissionDenied
    form = OfferForm(request.POST or None, municipalities=municipalities)
    if request.method == "POST" and _save(
        request,
        form,
        lambda form: offer_create(
            municipality=form.chosen_municipality(),
            created_by=request.user,
            data=form.changes(),
        ),
    ):
        messages.success(request, _("The entry is added to the local offer."))
        return redirect("offer:list")
    return render(
        request,
        "outreach/offer/form.html",
        {"form": form, "adding": True},
        status=400 if request.method == "POST" else 200,
    )


@offer_keeper_required
def offer_edit(request, pk: int):
    offer = get_object_or_404(offers_visible_to(request.user), pk=pk)
    if not policies.can_edit_offer(request.user, offer):
        raise PermissionDenied
    form = OfferForm(request.POST or None, instance=offer, municipalities=None)
    if request.method == "POST" and _save(
        request,
        form,
        lambda form: offer_update(offer=offer, changed_by=request.user, data=form.changes()),
    ):
        messages.success(request, _("The entry is saved."))
        return redirect("offer:list")
    history = offer.history.select_related("history_user").order_by("-history_date")[:10]
    return render(
        request,
        "outreach/offer/form.html",
        {"form": form, "adding": False, "offer": offer, "history": history},
        status=400 if request.method == "POST" else 200,
    )
