import { render } from "preact";

function App() {
  return <p>Community Dashboard</p>;
}

render(<App />, document.getElementById("app")!);
