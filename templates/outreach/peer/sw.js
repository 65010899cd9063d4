// Outreach service worker (filled in below)
