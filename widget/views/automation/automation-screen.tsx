export function AutomationScreen() {
  return <section data-view="automation" />;
}
