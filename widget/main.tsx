import { render } from "preact";
import { readWidgetParams } from "../shared/widget-url.ts";
import { applyTheme } from "./theme.ts";
import { loadLanguage } from "./ui/messages.ts";
import { loadSaidWords } from "./ui/said-words.ts";
import { WidgetHost } from "./widget-host.ts";
import { Problem, asProblem } from "./client/problem.ts";
import { App, type Connection } from "./app.tsx";

const params = readWidgetParams(location.search, location.hash);
applyTheme(params.theme);

const mount = () => render(<App connection={connection} />, document.getElementById("app")!);

// Synchronously, before the page's load event: that is when Element sends its first request.
function connect(): Connection {
  try {
    if (params.untemplated.length > 0) throw new Problem("not-in-host", "untemplated");
    const host = WidgetHost.connect({
      widgetId: params.widgetId,
      parentUrl: params.parentUrl,
      listeners: {
        onThemeChange: applyTheme,
        onLanguageChange: (language) => void Promise.all([loadLanguage(language), loadSaidWords(language)]).then(mount),
      },
    });
    return { host };
  } catch (err) {
    return { problem: asProblem(err) };
  }
}

const connection = connect();
// English shows at once; another language first loads its catalogue and the words for what the server
// says (a few KB each, fetched together; the shell's own error notes use them). English needs those
// words only on the screens, which wait for them (ui/lazy.tsx).
const saidWords = loadSaidWords(params.language);
await loadLanguage(params.language)
  .then((chosen) => (chosen === "en" ? undefined : saidWords))
  .catch(() => undefined);
mount();
