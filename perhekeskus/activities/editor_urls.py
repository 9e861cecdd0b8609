from django.urls import URLPattern, URLResolver, path

from perhekeskus.activities import editor_views as v

# An occurrence is named by its original start in UTC, e.g. 20260106T080000Z.
OCCURRENCE = "editor/activities/<uuid:uuid>/occurrences/<str:moment>/"

urlpatterns: list[URLPattern | URLResolver] = [
    path("editor/activities/", v.activity_list, name="editor-activities"),
    path("editor/activities/new/", v.activity_new, name="editor-activity-new"),
    path("editor/activities/<uuid:uuid>/", v.activity_detail, name="editor-activity"),
    path("editor/activities/<uuid:uuid>/edit/", v.activity_edit, name="editor-activity-edit"),
    path("editor/activities/<uuid:uuid>/publish/", v.activity_publish, name="editor-activity-publish"),
    path("editor/activities/<uuid:uuid>/cancel/", v.activity_cancel, name="editor-activity-cancel"),
    path("editor/activities/<uuid:uuid>/end/", v.activity_end, name="editor-activity-end"),
    path("editor/activities/<uuid:uuid>/confirm/", v.activity_confirm, name="editor-activity-confirm"),
    path("editor/activities/<uuid:uuid>/delete/", v.activity_delete, name="editor-activity-delete"),
    path(OCCURRENCE + "cancel/", v.occurrence_cancel, name="editor-occurrence-cancel"),
    path(OCCURRENCE + "move/", v.occurrence_move, name="editor-occurrence-move"),
    path(OCCURRENCE + "exclude/", v.occurrence_exclude, name="editor-occurrence-exclude"),
    path(OCCURRENCE + "restore/", v.occurrence_restore, name="editor-occurrence-restore"),
]
