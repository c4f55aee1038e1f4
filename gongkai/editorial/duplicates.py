"""A warning when an uploaded document is a file the user's collections already hold.

Wagtail warns about duplicate images (same file hash) in its multiple upload, but saves
a duplicate document silently, with a suffix on the file name (issue #16). Documents
have the same `file_hash`; this view adds Wagtail's kind of notice to the uploaded
document's edit form, naming the existing document(s) with a link, so the editor can
delete the new upload and use the existing file. Only documents the user may choose
are named: another department's files are never revealed.
"""

from typing import Any

from django.template.loader import render_to_string
from wagtail.documents.views.multiple import AddView
from wagtail.permissions import policy_registry


def duplicate_documents(document: Any, user: Any) -> list[Any]:
    if not document.file_hash:
        return []
    policy = policy_registry.get_by_type(type(document))
    choosable = policy.instances_user_has_any_permission_for(user, ["choose"])
    return list(
        choosable.filter(file_hash=document.file_hash)
        .exclude(pk=document.pk)
        .order_by("pk")[:5]
    )


class DuplicateAwareAddView(AddView):
    def get_edit_object_response_data(self) -> dict[str, Any]:
        data = super().get_edit_object_response_data()
        duplicates = duplicate_documents(self.object, self.request.user)
        data["duplicate"] = bool(duplicates)
        if duplicates:
            notice = render_to_string(
                "editorial/admin/duplicate_document.html",
                {"duplicates": duplicates, "document": self.object},
                request=self.request,
            )
            data["form"] = notice + data["form"]
        return data
