/** One icon per service type (the connector's `serviceType`), drawn inline so no asset is fetched. */
const paths: Record<string, string> = {
  Database:
    "M12 3c-4.4 0-8 1.3-8 3v12c0 1.7 3.6 3 8 3s8-1.3 8-3V6c0-1.7-3.6-3-8-3zm0 2c3.9 0 6 1.1 6 1s-2.1 1-6 1-6-1-6-1 2.1-1 6-1zM6 8.4c1.5.7 3.6 1.1 6 1.1s4.5-.4 6-1.1V12c0 .1-2.1 1-6 1s-6-.9-6-1V8.4zm0 6c1.5.7 3.6 1.1 6 1.1s4.5-.4 6-1.1V18c0 .1-2.1 1-6 1s-6-.9-6-1v-3.6z",
  Warehouse: "M3 10l9-6 9 6v10h-4v-7H7v7H3V10zm6 5h6v2H9v-2zm0 3h6v2H9v-2z",
  API: "M8 4H6a2 2 0 00-2 2v4l-2 2 2 2v4a2 2 0 002 2h2v-2H6v-4.8L4.8 12 6 10.8V6h2V4zm8 0h2a2 2 0 012 2v4l2 2-2 2v4a2 2 0 01-2 2h-2v-2h2v-4.8l1.2-1.2L18 10.8V6h-2V4z",
  Messaging:
    "M4 4h16a2 2 0 012 2v10a2 2 0 01-2 2H8l-4 4V6a2 2 0 012-2zm2 4v2h12V8H6zm0 4v2h8v-2H6z",
  Storage: "M4 5h16v4H4V5zm0 6h16v4H4v-4zm0 6h16v3H4v-3zm2-10v1h2V7H6zm0 6v1h2v-1H6z",
  Dashboard: "M4 20V10h4v10H4zm6 0V4h4v16h-4zm6 0v-7h4v7h-4z",
  Pipeline:
    "M4 6a2 2 0 114 0 2 2 0 01-4 0zm12 12a2 2 0 114 0 2 2 0 01-4 0zM7 6h7a4 4 0 010 8h-4a2 2 0 000 4h6v2h-6a4 4 0 010-8h4a2 2 0 000-4H7V6z",
  MlModel:
    "M12 2l8 4.5v9L12 20l-8-4.5v-9L12 2zm0 2.3L6 7.6v6.8l6 3.3 6-3.3V7.6l-6-3.3zM12 8a3 3 0 110 6 3 3 0 010-6z",
  Search:
    "M10 3a7 7 0 015.6 11.2l5.1 5.1-1.4 1.4-5.1-5.1A7 7 0 1110 3zm0 2a5 5 0 100 10 5 5 0 000-10z",
  Other: "M12 3l9 5v8l-9 5-9-5V8l9-5zm0 2.3L5 9.1v5.8l7 3.8 7-3.8V9.1l-7-3.8z",
};

export function ServiceIcon({ type, size = 32 }: { type: string; size?: number }) {
  return (
    <svg
      className={`service-icon service-${type.toLowerCase()}`}
      width={size}
      height={size}
      viewBox="0 0 24 24"
      role="img"
      aria-label={type}
    >
      <path fill="currentColor" d={paths[type] ?? paths.Other} />
    </svg>
  );
}
