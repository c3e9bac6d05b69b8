import { useMemo } from "preact/hooks";
import { encode } from "uqr";

/** A QR code drawn client-side as an inline SVG: the data never leaves the widget for an image service. */
export function QrCode({ data, label, size = 240 }: { data: string; label: string; size?: number }) {
  const { path, modules } = useMemo(() => {
    const qr = encode(data, { ecc: "M", border: 2 });
    let d = "";
    qr.data.forEach((row, y) => row.forEach((dark, x) => dark && (d += `M${x} ${y}h1v1h-1z`)));
    return { path: d, modules: qr.size };
  }, [data]);
  // Dark on white whatever the theme: phone cameras read inverted codes poorly.
  return (
    <svg class="qr-code" data-qr-data={data} role="img" aria-label={label} width={size} height={size} viewBox={`0 0 ${modules} ${modules}`} shape-rendering="crispEdges">
      <rect width={modules} height={modules} fill="#fff" />
      <path d={path} fill="#000" />
    </svg>
  );
}
