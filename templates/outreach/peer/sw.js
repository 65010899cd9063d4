/* Outreach service worker. Pages of the peer (Today and household pages) are fetched from
   the network when there is one, and kept so they stay readable offline with the data of
   the last sync. Each time Today is fetched, pages of households no longer on it (case closed
   or reassigned) are removed from the phone. Static files come from the cache first. */
"use strict";
var PAGES = "outreach-pages-v1";
var STATIC = "outreach-static-v1";
var PRECACHE = [{% for url in precache %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
var HOUSEHOLD_PAGE = /^\/households\/(\d+)\//;

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

function forgetOtherHouseholds(html) {
  var keep = {};
  var found = /href="\/households\/(\d+)\/"/g;
  var match;
  while ((match = found.exec(html))) { keep[match[1]] = true; }
  return caches.open(PAGES).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.map(function (request) {
        var id = (new URL(request.url).pathname.match(HOUSEHOLD_PAGE) || [])[1];
        return id && !keep[id] ? cache.delete(request) : null;
      }));
    });
  });
}

function pageFromNetwork(request, url) {
  return fetch(request).then(function (response) {
    if (response.ok && !response.redirected && response.type === "basic") {
      var forCache = response.clone();
      var forSync = url.pathname === "/" && !url.search ? response.clone() : null;
      caches.open(PAGES).then(function (cache) { cache.put(request, forCache); });
      if (forSync) { forSync.text().then(forgetOtherHouseholds); }
    } else if (response.redirected && url.pathname === "/") {
      // Logged out: nothing of the households stays on the phone.
      caches.delete(PAGES);
    }
    return response;
  }).catch(function () {
    return caches.match(request, { cacheName: PAGES }).then(function (cached) {
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
  if (isPeerPage(url)) { event.respondWith(pageFromNetwork(request, url)); }
});

self.addEventListener("message", function (event) {
  if (event.data && event.data.type === "forget-pages") { caches.delete(PAGES); }
});
