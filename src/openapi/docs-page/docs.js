// Starts Swagger UI on the served document. A file, not an inline script: the page runs under
// the dashboard's Content-Security-Policy (script-src 'self').
window.ui = SwaggerUIBundle({
  url: '/api/v1/openapi.json',
  dom_id: '#swagger-ui',
  // Deep links put a link inside each operation's button (nested controls, an accessibility fault).
  deepLinking: false,
  presets: [SwaggerUIBundle.presets.apis],
  layout: 'BaseLayout',
  // No call to an outside validator: nothing leaves this service.
  validatorUrl: null,
  defaultModelsExpandDepth: 0,
  displayRequestDuration: true,
  // The highlighter's inline colours (agate theme on a light page) fall below 4.5:1; plain text reads well.
  syntaxHighlight: false,
});
