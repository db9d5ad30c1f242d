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

// Swagger UI leaves some form controls without a name and wide code samples out of the
// keyboard's reach, and titles the API with a second <h1>: name the controls, make the
// samples reachable and the title a level-2 heading, as it draws them (WCAG 4.1.2, 2.1.1).
const docs = document.getElementById("swagger-ui");
const mend = () => {
  for (const control of docs.querySelectorAll("input, select, textarea")) {
    if (control.labels.length || control.getAttribute("aria-label") || control.title) continue;
    const parameter = control.closest("[data-param-name]");
    control.setAttribute(
      "aria-label",
      parameter ? parameter.dataset.paramName : control.placeholder || "Request body",
    );
  }
  for (const title of docs.querySelectorAll("h1:not([aria-level])")) {
    title.setAttribute("aria-level", "2");
  }
  for (const sample of docs.querySelectorAll("pre.microlight:not([tabindex])")) {
    sample.setAttribute("tabindex", "0");
  }
};
new MutationObserver(mend).observe(docs, { childList: true, subtree: true });
