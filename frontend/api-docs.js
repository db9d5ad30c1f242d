// Starts Swagger UI on /api/v1/docs from a file: the page's CSP allows no inline script.
const settings = JSON.parse(document.getElementById("swagger-settings").textContent);
const csrfToken = document.getElementById("swagger-ui").dataset.csrfToken;
// The page has its <h1> ("API documentation"); Swagger UI would title the API with a second
// one. Its title block (InfoContainer) is drawn here instead, as a level-2 heading. Without
// JavaScript, the page's own text links to openapi.json.
const TitleAsSecondLevel = (system) => ({
  components: {
    InfoContainer: () => {
      const { specSelectors, React } = system.getSystem();
      const info = specSelectors.info();
      if (!info || !info.size) return null;
      const version = [info.get("version"), specSelectors.isOAS31?.() ? "OAS 3.1" : ""];
      return React.createElement(
        "div",
        { className: "information-container wrapper" },
        React.createElement(
          "h2",
          { className: "govuk-heading-m title" },
          [info.get("title"), ...version].filter(Boolean).join(" "),
        ),
      );
    },
  },
});

window.SwaggerUIBundle({
  ...settings,
  dom_id: "#swagger-ui",
  presets: [window.SwaggerUIBundle.presets.apis],
  plugins: [TitleAsSecondLevel],
  requestInterceptor: (request) => {
    if (csrfToken) request.headers["X-CSRFToken"] = csrfToken;
    return request;
  },
});

// Swagger UI leaves some form controls without a name and wide code samples out of the
// keyboard's reach: name the controls and make the samples reachable, as it draws them
// (WCAG 4.1.2, 2.1.1).
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
  for (const sample of docs.querySelectorAll("pre.microlight:not([tabindex])")) {
    sample.setAttribute("tabindex", "0");
  }
};
new MutationObserver(mend).observe(docs, { childList: true, subtree: true });
