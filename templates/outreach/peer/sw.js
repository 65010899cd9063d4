/* Outreach service worker. Pages of the peer (Today, household pages, the registration
   form) are fetched from the network when there is one, and kept so they stay readable
   offline with the data of the last sync. Each time Today is fetched (the sync):
   - when another person logs in on this phone, everything kept for the one before goes;
   - pages of households no longer on Today (case closed or reassigned) leave the phone;
   - the page, the visit form and the profile of every household on it (and the forms for a
     new household and a first contact) are fetched too when the phone has
     none or an old copy, so a visit can be read and logged offline even for a household not
     opened that day. Mobile data costs the peers money: a kept copy is fetched again only
     when Today's stamp of the household (its version and those of its visits, wishes, checks
     and follow-ups) changed, or when it is older than STAMP_TRUSTED_MS. The copies are
     fetched SYNC_AT_ONCE at a time, under one entry in the access log per sync (announced
     first to /households/sync/).
   Kept pages leave the phone at every logout (app.js says "forget-pages"). A page neither on the phone nor reachable gets the
   offline page. Static files come from the cache first.
   The app lock and logging out: while the server answers that the pages are locked (a peer
   with a PIN who left them unused), and after logging out, no kept page is shown offline:
   the worker answers a page that says so, until a page comes from the network again (the
   PIN given, or logged in). */
"use strict";
var PAGES = "outreach-pages-v1";
var STATIC = "outreach-static-v1";
var PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var OFFLINE_PAGE = "{{ offline_page|escapejs }}";
var LOCKED_PAGE = "{{ locked_page|escapejs }}";
var REGISTER_PAGE = "{{ register_page|escapejs }}";
var FIRST_CONTACT_PAGE = "{{ first_contact_page|escapejs }}";
var SYNC_START = "{{ sync_start|escapejs }}";
var HOUSEHOLD_PAGE = /^\/households\/(\d+)\//;
var HOUSEHOLD_LINK = /href="\/households\/(\d+)\/"( data-household-url data-stamp="([^"]*)")?/g;
var USER = /data-user="(\d*)"/;
// Who the kept pages belong to, and whether the phone is shared: small entries of PAGES.
var OWNER = "/__phone__/owner";
var SHARED = "/__phone__/shared";
// Present while the pages are locked or logged out: kept pages are not shown (in STATIC, so
// that forgetting the pages does not forget the lock).
var LOCKED = "/__phone__/locked";
// A page kept when the peer opened it is fetched again by the sync after this ...
var SYNC_AFTER_MS = 30 * 60 * 1000;
// ... one kept by the sync when its stamp changed, or after this (edits the stamp misses).
var STAMP_TRUSTED_MS = 24 * 60 * 60 * 1000;
// How many copies are fetched at once: the peer's own taps still get through.
var SYNC_AT_ONCE = 3;

function keepOfflinePage(cache) {
  // Best effort: a page that failed to arrive (a busy server's 503) must not stop the worker
  // from installing; it is tried again at every sync until it is kept. The same for the page
  // shown instead of a kept page while locked.
  return Promise.all([OFFLINE_PAGE, LOCKED_PAGE].map(function (path) {
    return cache.match(path).then(function (kept) {
      return kept || cache.add(path).catch(function () { /* next sync */ });
    });
  }));
}

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) {
    var files = PRECACHE.filter(function (url) { return url !== OFFLINE_PAGE; });
    return cache.addAll(files).then(function () { return keepOfflinePage(cache); });
  }).then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key !== PAGES && key !== STATIC;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPeerPage(url) {
  return url.pathname === "/" || HOUSEHOLD_PAGE.test(url.pathname) ||
    url.pathname === REGISTER_PAGE;
}

function householdsOn(html) {
  var ids = {};
  var match;
  HOUSEHOLD_LINK.lastIndex = 0;
  while ((match = HOUSEHOLD_LINK.exec(html))) {
    ids[match[1]] = match[3] || ids[match[1]] || "-";
  }
  return ids;
}

function note(cache, path) {
  return cache.match(path).then(function (kept) { return kept ? kept.text() : null; });
}

function forgetPagesOfOthers(cache, user) {
  // Kept pages belong to one person: the first sync of another login removes them.
  return note(cache, OWNER).then(function (owner) {
    if (owner === user) { return null; }
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        var path = new URL(request.url).pathname;
        return path === "/" || path.indexOf("/__phone__/") === 0 ? null : cache.delete(request);
      }));
    }).then(function () { return cache.put(OWNER, new Response(user)); });
  });
}

function forgetOtherHouseholds(cache, keep) {
  return cache.keys().then(function (requests) {
    return Promise.all(requests.map(function (request) {
      var id = (new URL(request.url).pathname.match(HOUSEHOLD_PAGE) || [])[1];
      return id && !keep[id] ? cache.delete(request) : null;
    }));
  });
}

function isCurrent(kept, stamp) {
  if (!kept) { return false; }
  var date = Date.parse(kept.headers.get("Date") || "");
  var age = date ? Date.now() - date : Infinity;
  var keptStamp = kept.headers.get("X-Outreach-Stamp");
  // A page kept when the peer opened it has no stamp: it is as new as its date.
  if (keptStamp === null) { return age < SYNC_AFTER_MS; }
  return keptStamp === stamp && age < STAMP_TRUSTED_MS;
}

function stamped(response, stamp) {
  return response.blob().then(function (body) {
    var headers = new Headers(response.headers);
    headers.set("X-Outreach-Stamp", stamp);
    return new Response(body, { status: response.status, statusText: response.statusText,
                                headers: headers });
  });
}

function outdated(cache, copies) {
  // The copies whose kept page is missing or old.
  return Promise.all(copies.map(function (copy) {
    return cache.match(copy.path, { ignoreVary: true }).then(function (kept) {
      return isCurrent(kept, copy.stamp) ? null : copy;
    });
  })).then(function (found) { return found.filter(Boolean); });
}

function announce(copies) {
  // One entry in the access log for the whole sync: the server logs it, and gives a token
  // that the copies of these households carry instead of each being logged.
  var ids = {};
  copies.forEach(function (copy) { if (copy.household) { ids[copy.household] = 1; } });
  var list = Object.keys(ids);
  if (!list.length) { return Promise.resolve(""); }
  return fetch(SYNC_START + "?households=" + list.join(","), {
    credentials: "same-origin", headers: { "X-Outreach-Client": "sync" }
  }).then(function (response) {
    if (!response.ok || response.redirected) { throw new Error("no sync: " + response.status); }
    return response.json();
  }).then(function (answer) { return answer.token; });
}

function fetchCopy(cache, copy, token) {
  return fetch(copy.path, { credentials: "same-origin",
                            headers: { "X-Outreach-Client": "sync", "X-Outreach-Sync": token } })
    .then(function (response) {
      if (response.ok && !response.redirected) {
        return stamped(response, copy.stamp).then(function (page) {
          return cache.put(copy.path, page);
        });
      }
      if (response.status === 404 || response.status === 403) { return cache.delete(copy.path); }
      return null;
    });
}

function fetchAFewAtATime(cache, copies, token) {
  var next = 0;
  function worker() {
    if (next >= copies.length) { return Promise.resolve(); }
    var copy = copies[next];
    next += 1;
    return fetchCopy(cache, copy, token).then(worker);
  }
  var workers = [];
  for (var i = 0; i < Math.min(SYNC_AT_ONCE, copies.length); i += 1) { workers.push(worker()); }
  return Promise.all(workers);
}

function sync(todayHtml, client) {
  var keep = householdsOn(todayHtml);
  var user = (todayHtml.match(USER) || [])[1] || "";
  var copies = [{ path: REGISTER_PAGE, stamp: "register" },
                { path: FIRST_CONTACT_PAGE, stamp: "first-contact" }];
  Object.keys(keep).forEach(function (id) {
    copies.push({ path: "/households/" + id + "/", stamp: keep[id], household: id });
    copies.push({ path: "/households/" + id + "/visit/", stamp: keep[id], household: id });
    copies.push({ path: "/households/" + id + "/profile/", stamp: keep[id], household: id });
  });
  return caches.open(STATIC).then(keepOfflinePage).then(function () {
    return caches.open(PAGES);
  }).then(function (cache) {
    return forgetPagesOfOthers(cache, user)
      .then(function () { return forgetOtherHouseholds(cache, keep); })
      .then(function () { return outdated(cache, copies); })
      .then(function (wanted) {
        return announce(wanted).then(function (token) {
          return fetchAFewAtATime(cache, wanted, token);
        });
      });
  }).then(function () { return true; }, function () { return false; /* offline again */ })
    .then(function (ok) {
      return Promise.resolve(client).then(function (page) {
        if (page) { page.postMessage({ type: "synced", ok: ok, at: Date.now() }); }
      });
    });
}

function forgetIfShared() {
  // Logged out (or the login ended) on a shared phone: nothing of the households stays.
  return caches.open(PAGES).then(function (cache) { return note(cache, SHARED); })
    .then(function (shared) { return shared === "yes" ? caches.delete(PAGES) : null; });
}

function lock(locked) {
  return caches.open(STATIC).then(function (cache) {
    return locked ? cache.put(LOCKED, new Response("yes")) : cache.delete(LOCKED);
  });
}

function isLocked() {
  return caches.open(STATIC).then(function (cache) { return cache.match(LOCKED); })
    .then(function (found) { return !!found; });
}

function lockedPage() {
  return caches.match(LOCKED_PAGE, { cacheName: STATIC }).then(function (page) {
    return page || new Response(
      "<!doctype html><meta name=viewport content='width=device-width'>" +
      "<title>Outreach</title><p>Vergrendeld / Locked. <a href='/'>Vandaag / Today</a></p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

function offlinePage() {
  return caches.match(OFFLINE_PAGE, { cacheName: STATIC }).then(function (page) {
    return page || new Response(
      "<!doctype html><meta name=viewport content='width=device-width'>" +
      "<title>Offline</title><p>Offline. <a href='/'>Vandaag / Today</a></p>",
      { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
  });
}

function pageFromNetwork(event, url) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.headers.get("X-Outreach-Locked")) {
      // The lock screen: from now on no kept page shows, until the PIN is given.
      event.waitUntil(lock(true));
      return response;
    }
    if (response.ok && !response.redirected && response.type === "basic") {
      event.waitUntil(lock(false));
      var forCache = response.clone();
      var forSync = url.pathname === "/" && !url.search ? response.clone() : null;
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.put(request, forCache);
      }));
      if (forSync) {
        // Told to the page of Today that this load opens, once everything is kept.
        var client = event.resultingClientId ? self.clients.get(event.resultingClientId) : null;
        event.waitUntil(forSync.text().then(function (html) { return sync(html, client); }));
      }
    } else if (response.redirected && url.pathname === "/") {
      event.waitUntil(lock(true).then(forgetIfShared));
    } else if (response.status === 404 || response.status === 403) {
      // No longer mine: the copy on the phone goes too.
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.delete(request, { ignoreVary: true, ignoreSearch: true });
      }));
    }
    return response;
  }).catch(function () {
    return isLocked().then(function (locked) {
      if (locked) { return lockedPage(); }
      return caches.match(request, { cacheName: PAGES, ignoreVary: true })
        .then(function (cached) { return cached || offlinePage(); });
    });
  });
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  var url = new URL(request.url);
  if (request.method !== "GET" || url.origin !== self.location.origin) { return; }
  if (url.pathname.indexOf("/static/") === 0) {
    event.respondWith(caches.match(request).then(function (cached) {
      return cached || fetch(request).then(function (response) {
        var copy = response.clone();
        caches.open(STATIC).then(function (cache) { cache.put(request, copy); });
        return response;
      });
    }));
    return;
  }
  if (isPeerPage(url)) {
    event.respondWith(pageFromNetwork(event, url));
  } else if (request.mode === "navigate") {
    // Any other page: from the network, or the offline page with a way back to Today.
    event.respondWith(fetch(request).catch(offlinePage));
  }
});

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "forget-pages") { event.waitUntil(caches.delete(PAGES)); }
  if (type === "lock") { event.waitUntil(lock(true)); }
  if (type === "phone") {
    // Whether this phone is shared (asked at login): then kept pages go at logout.
    event.waitUntil(caches.open(PAGES).then(function (cache) {
      return cache.put(SHARED, new Response(event.data.shared ? "yes" : "no"));
    }));
  }
  if (type === "sync") {
    // Today was loaded before this worker took over: keep it and its households now.
    event.waitUntil(fetch("/", { credentials: "same-origin" }).then(function (response) {
      if (!response.ok || response.redirected) { return null; }
      var forSync = response.clone();
      return caches.open(PAGES).then(function (cache) { return cache.put("/", response); })
        .then(function () { return forSync.text(); })
        .then(function (html) { return sync(html, event.source); });
    }).catch(function () { /* offline: the next load of Today syncs */ }));
  }
});
