/* 依申请公开 application form: shows only the fieldset of the chosen applicant kind and
   moves focus to the error summary. Without this script both fieldsets show and the
   server checks the chosen one. */
(function () {
  "use strict";

  function syncApplicantKind(form) {
    var chosen = form.querySelector("input[name='applicant_kind']:checked");
    var fieldsets = form.querySelectorAll("fieldset[data-applicant-kind]");
    for (var i = 0; i < fieldsets.length; i++) {
      var show = !chosen || fieldsets[i].getAttribute("data-applicant-kind") === chosen.value;
      fieldsets[i].hidden = !show;
    }
  }

  document.addEventListener("DOMContentLoaded", function () {
    var form = document.getElementById("apply-form");
    if (form) {
      syncApplicantKind(form);
      form.addEventListener("change", function (event) {
        if (event.target && event.target.name === "applicant_kind") { syncApplicantKind(form); }
      });
    }
    var summary = document.getElementById("error-summary");
    if (summary) { summary.focus(); }
  });
}());
