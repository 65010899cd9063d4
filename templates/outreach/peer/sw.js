/* Outreach service worker. Pages of the peer (Today and household pages) are fetched from
   the network when there is one, and kept so they stay readable offline with the data of
   the last sync. Each time Today is fetched (the sync):
   - pages of households no longer on it (case closed or reassigned) leave the phone;
   - the page and the visit form of every household on it are fetched too when the phone has
     none or an old copy, so a visit can be read and logged offline even for a household not
     opened that day. Mobile data costs the peers money: a kept copy is fetched again only
     when Today's stamp of the household (version, last visit, open counts) changed, or
     when it is older than STAMP_TRUSTED_MS.
   A household page the server no longer shows (404) is removed as well. Static files come
   from the cache first. */
"use strict";
var PAGES = "outreach-pages-v1";
var STATIC = "outreach-static-v1";
var PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var HOUSEHOLD_PAGE = /^\/households\/(\d+)\//;
var HOUSEHOLD_LINK = /href="\/households\/(\d+)\/"( data-household-url data-stamp="([^"]*)")?/g;
// A page kept when the peer opened it is fetched again by the sync after this ...
var SYNC_AFTER_MS = 30 * 60 * 1000;
// ... one kept by the sync when its stamp changed, or after this (edits the stamp misses).
var STAMP_TRUSTED_MS = 4 * 60 * 60 * 1000;

self.addEventListener("install", function (event) {
  event.waitUntil(caches.open(STATIC).then(function (cache) { return cache.addAll(PRECACHE); })
    .then(function () { return self.skipWaiting(); }));
});

self.addEventListener("activate", function (event) {
  event.waitUntil(caches.keys().then(function (keys) {
    return Promise.all(keys.filter(function (key) {
      return key !== PAGES && key !== STATIC;
    }).map(function (key) { return caches.delete(key); }));
  }).then(function () { return self.clients.claim(); }));
});

function isPeerPage(url) {
  return url.pathname === "/" || HOUSEHOLD_PAGE.test(url.pathname);
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

function forgetOtherHouseholds(keep) {
  return caches.open(PAGES).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        var id = (new URL(request.url).pathname.match(HOUSEHOLD_PAGE) || [])[1];
        return id && !keep[id] ? cache.delete(request) : null;
      }));
    });
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

function keepPage(cache, path, stamp) {
  return cache.match(path, { ignoreVary: true }).then(function (kept) {
    if (isCurrent(kept, stamp)) { return null; }
    return fetch(path, { credentials: "same-origin", headers: { "X-Outreach-Client": "sync" } })
      .then(function (response) {
        if (response.ok && !response.redirected) {
          return stamped(response, stamp).then(function (copy) { return cache.put(path, copy); });
        }
        if (response.status === 404 || response.status === 403) { return cache.delete(path); }
        return null;
      });
  });
}

function keepHouseholds(keep) {
  // One household after the other: the phone's connection is needed for what the peer opens.
  return caches.open(PAGES).then(function (cache) {
    return Object.keys(keep).reduce(function (done, id) {
      return done.then(function () {
        return keepPage(cache, "/households/" + id + "/", keep[id])
          .then(function () { return keepPage(cache, "/households/" + id + "/visit/", keep[id]); });
      });
    }, Promise.resolve());
  }).catch(function () { /* offline again: the next sync goes on */ });
}

function sync(todayHtml, client) {
  var keep = householdsOn(todayHtml);
  return forgetOtherHouseholds(keep).then(function () { return keepHouseholds(keep); })
    .then(function () { return client; })
    .then(function (page) { if (page) { page.postMessage({ type: "synced" }); } });
}

function pageFromNetwork(event, url) {
  var request = event.request;
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
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
      // Logged out: nothing of the households stays on the phone.
      event.waitUntil(caches.delete(PAGES));
    } else if (response.status === 404 || response.status === 403) {
      // No longer mine: the copy on the phone goes too.
      event.waitUntil(caches.open(PAGES).then(function (cache) {
        return cache.delete(request, { ignoreVary: true, ignoreSearch: true });
      }));
    }
    return response;
  }).catch(function () {
    return caches.match(request, { cacheName: PAGES, ignoreVary: true }).then(function (cached) {
      return cached || new Response(
        "<!doctype html><meta name=viewport content='width=device-width'>" +
        "<title>Offline</title><p>Offline. <a href='/'>Vandaag / Today</a></p>",
        { status: 503, headers: { "Content-Type": "text/html; charset=utf-8" } });
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
  if (isPeerPage(url)) { event.respondWith(pageFromNetwork(event, url)); }
});

self.addEventListener("message", function (event) {
  var type = event.data && event.data.type;
  if (type === "forget-pages") { event.waitUntil(caches.delete(PAGES)); }
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
