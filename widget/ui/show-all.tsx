import { t } from "./messages.ts";

export function ShowAll({ list }: { list: { hidden: number; showAll(): void } }) {
  if (list.hidden <= 0) return null;
  return (
    <button type="button" class="link-button" onClick={list.showAll}>
      {t("showMore", { count: list.hidden })}
    </button>
  );
}
