// The open-data API's page: Swagger UI (from our own static files) renders the OpenAPI description.
// Read-only: only GET can be tried out, and no schema is sent to an online validator.
(function () {
  "use strict";
  var target = document.getElementById("swagger-ui");
  if (!target || typeof window.SwaggerUIBundle !== "function") {
    return;
  }
  window.SwaggerUIBundle({
    url: target.getAttribute("data-schema-url"),
    domNode: target,
    presets: [window.SwaggerUIBundle.presets.apis],
    layout: "BaseLayout",
    validatorUrl: null,
    supportedSubmitMethods: ["get"],
    defaultModelsExpandDepth: -1,
    docExpansion: "list",
    deepLinking: false
  });
})();
