// The attempt pages' service worker: a question page opened once comes back while offline.
//
// Network first, so online nothing changes: every page and every save goes to the server. A copy
// of each attempt question page, and of the static files it uses, is kept in the cache and served
// only when the network fails (a reload or a move to another question while offline). The copy
// may show older answers than the student made; attempt.js puts the ones kept on the device back.
// When an attempt ends (its review page is opened), its copies are deleted.
"use strict";

var CACHE = "quizlab-attempt-pages-v1";
var QUESTION = /^\/(?:[a-z]{2}\/)?attempts\/(\d+)\/\d+\/$/;
var REVIEW = /^\/(?:[a-z]{2}\/)?attempts\/(\d+)\/review\/$/;

self.addEventListener("install", function () {
  self.skipWaiting();
});

self.addEventListener("activate", function (event) {
  event.waitUntil(
    caches.keys().then(function (names) {
      return Promise.all(names.filter(function (n) { return n !== CACHE; }).map(function (n) { return caches.delete(n); }));
    }).then(function () { return self.clients.claim(); })
  );
});

function forget(attemptId) {
  return caches.open(CACHE).then(function (cache) {
    return cache.keys().then(function (requests) {
      return Promise.all(requests.filter(function (r) {
        var m = new URL(r.url).pathname.match(QUESTION);
        return m && m[1] === attemptId;
      }).map(function (r) { return cache.delete(r); }));
    });
  });
}

function networkFirst(event, request, attemptId) {
  event.respondWith(
    fetch(request).then(function (response) {
      // A question page that now redirects (to the review, or to the login) is over: drop its copies.
      if (attemptId && response.redirected) event.waitUntil(forget(attemptId));
      else if (response.ok && !response.redirected && response.type === "basic") {
        var copy = response.clone();
        event.waitUntil(caches.open(CACHE).then(function (cache) { return cache.put(request, copy); }));
      }
      return response;
    }, function (error) {
      return caches.match(request, { ignoreVary: true, ignoreSearch: true }).then(function (cached) {
        if (cached) return cached;
        throw error;
      });
    })
  );
}

function fromAttemptPage(request) {
  if (!request.referrer) return false;
  var from = new URL(request.referrer);
  return from.origin === self.location.origin && (QUESTION.test(from.pathname) || from.pathname.indexOf("/static/") === 0);
}

self.addEventListener("fetch", function (event) {
  var request = event.request;
  if (request.method !== "GET") return;
  var url = new URL(request.url);
  if (url.origin !== self.location.origin) return;
  if (request.mode === "navigate") {
    var review = url.pathname.match(REVIEW);
    var question = url.pathname.match(QUESTION);
    if (review) event.waitUntil(forget(review[1]));
    if (question) networkFirst(event, request, question[1]);
  } else if (url.pathname.indexOf("/static/") === 0 && fromAttemptPage(request)) {
    networkFirst(event, request);
  }
});

// The page that registered this worker was loaded before it ran: it sends its own address and its
// static files so that they are kept as well.
self.addEventListener("message", function (event) {
  var keep = (event.data && event.data.keep) || [];
  var same = keep.filter(function (u) { return new URL(u, self.location.href).origin === self.location.origin; });
  event.waitUntil(caches.open(CACHE).then(function (cache) {
    return Promise.all(same.map(function (u) {
      return fetch(u, { credentials: "same-origin" }).then(function (response) {
        if (response.ok && !response.redirected) return cache.put(u, response);
      }, function () { /* offline already: nothing to keep */ });
    }));
  }));
});
