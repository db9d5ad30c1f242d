// Starts Swagger UI on /api/v1/docs from a file: the page's CSP allows no inline script.
const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
const csrfToken = document.getElementById("swagger-ui").dataset.csrfToken;
window.SwaggerUIBundle({
  ...settings,
  dom_id: "#swagger-ui",
  presets: [window.SwaggerUIBundle.presets.apis],
  requestInterceptor: (request) => {
    if (csrfToken) request.headers["X-CSRFToken"] = csrfToken;
    return request;
  },
});
