/* The field page's service worker: it keeps the page and its static files, so that the
 * page opens again without a connection. Its scope is the field page alone; it answers only
 * GET requests for the page and the files below, from the network when it can (keeping a
 * copy) and from the copy when the network fails. Answers are never kept here: they wait in
 * the page's own storage until the server has them. */
const CACHE = "{{ cache_name|escapejs }}";
const PREFIX = CACHE.replace(/[^-]+$/, "");
const ASSETS = [{% for url in assets %}"{{ url|escapejs }}"{% if not forloop.last %}, {% endif %}{% endfor %}];
const PAGE = self.registration.scope;

async function keep(cache, key, response) {
  if (response.ok && !response.redirected && response.type === "basic") {
    await cache.put(key, response.clone());
  }
  return response;
}

self.addEventListener("install", (event) => {
  event.waitUntil(
    (async () => {
      const cache = await caches.open(CACHE);
      await cache.addAll(ASSETS);
      await keep(cache, PAGE, await fetch(PAGE, { credentials: "same-origin" }));
    })().catch(() => undefined),
  );
  self.skipWaiting();
});

self.addEventListener("activate", (event) => {
  event.waitUntil(
    (async () => {
      for (const key of await caches.keys()) {
        if (key.startsWith(PREFIX) && key !== CACHE) {
          await caches.delete(key);
        }
      }
      await self.clients.claim();
    })(),
  );
});

self.addEventListener("fetch", (event) => {
  const request = event.request;
  if (request.method !== "GET") {
    return;
  }
  const url = new URL(request.url);
  const isPage = request.mode === "navigate" && url.origin + url.pathname === PAGE;
  if (!isPage && !ASSETS.includes(url.pathname)) {
    return;
  }
  const key = isPage ? PAGE : request;
  event.respondWith(
    (async () => {
      const cache = await caches.open(CACHE);
      try {
        return await keep(cache, key, await fetch(request));
      } catch (error) {
        const kept = await cache.match(key);
        if (kept) {
          return kept;
        }
        throw error;
      }
    })(),
  );
});
