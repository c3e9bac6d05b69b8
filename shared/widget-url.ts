/**
 * The widget's address as installed in a room, and how the widget reads it back.
 *
 * Element replaces the `$variables` when it opens the widget, and appends `widgetId` and
 * `parentUrl` to the query. Our variables sit in the hash, which browsers never send to a server,
 * so room and user IDs stay out of access logs. None of them is proof of identity: the widget
 * signs in with an OpenID token, never with `matrix_user_id`.
 */
export const WIDGET_PATH = "/widget/";

const TEMPLATE_VARIABLES = {
  widgetId: "$matrix_widget_id",
  roomId: "$matrix_room_id",
  userId: "$matrix_user_id",
  theme: "$org.matrix.msc2873.client_theme",
  language: "$org.matrix.msc2873.client_language",
} as const;

/**
 * The URL to put in the `im.vector.modular.widgets` state event:
 * `<PUBLIC_URL>/widget/#/?widgetId=…&roomId=…&userId=…&theme=…&language=…`.
 */
export function widgetUrlTemplate(publicUrl: string): string {
  const query = Object.entries(TEMPLATE_VARIABLES)
    .map(([key, variable]) => `${key}=${variable}`)
    .join("&");
  return `${publicUrl.replace(/\/+$/, "")}${WIDGET_PATH}#/?${query}`;
}

export type WidgetParams = {
  widgetId: string | undefined;
  parentUrl: string | undefined;
  roomId: string | undefined;
  userId: string | undefined;
  /** Element's theme name ("light", "dark", "light-high-contrast", "custom-…"); empty means "follow the system". */
  theme: string | undefined;
  language: string | undefined;
  /** Parameters that still hold a literal `$variable`: the page was not opened by a widget host. */
  untemplated: string[];
};

/** Reads the parameters from both the query (Element's additions) and the hash (our template). */
export function readWidgetParams(search: string, hash: string): WidgetParams {
  const query = new URLSearchParams(search);
  const fragment = new URLSearchParams(hash.replace(/^#\/?\??/, ""));
  const read = (key: string) => fragment.get(key) ?? query.get(key) ?? undefined;
  const values = {
    widgetId: read("widgetId"),
    parentUrl: query.get("parentUrl") ?? undefined,
    // matrix_room_id / matrix_user_id: the names of the first template, in rooms that still have it.
    roomId: read("roomId") ?? read("matrix_room_id"),
    userId: read("userId") ?? read("matrix_user_id"),
    theme: read("theme"),
    language: read("language"),
  };
  const untemplated = Object.entries(values)
    .filter(([, value]) => value?.startsWith("$"))
    .map(([key]) => key);
  return { ...values, untemplated };
}
