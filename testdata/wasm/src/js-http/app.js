// A small service-worker-style wasi:http handler: for every incoming
// request it makes one outgoing HTTP request and answers with its status.
addEventListener('fetch', (event) => {
  event.respondWith((async () => {
    const upstream = await fetch('https://example.com/');
    const body = `upstream status: ${upstream.status}\n`;
    return new Response(body, {
      status: 200,
      headers: { 'content-type': 'text/plain' },
    });
  })());
});
