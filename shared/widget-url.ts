/**
 * The widget URL Element templates for each moderator. The widget reads widgetId, roomId, userId,
 * theme and language from the hash query; the hash keeps them out of the backend's access logs.
 */
export function widgetUrlTemplate(publicUrl: string): string {
  const base = publicUrl.replace(/\/+$/, "");
  const query = [
    "widgetId=$matrix_widget_id",
    "roomId=$matrix_room_id",
    "userId=$matrix_user_id",
    "theme=$org.matrix.msc2873.client_theme",
    "language=$org.matrix.msc2873.client_language",
  ].join("&");
  return `${base}/widget/#/?${query}`;
}
