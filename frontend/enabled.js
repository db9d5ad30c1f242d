// Before the page is drawn: the classes GOV.UK Frontend styles by when scripts run. A file,
// not an inline script, so that pages need no CSP nonce and can be kept whole in a cache.
document.body.className +=
  " js-enabled" + ("noModule" in HTMLScriptElement.prototype ? " govuk-frontend-supported" : "");
