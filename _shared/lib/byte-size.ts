// A size for a reader: "500 MB", "1.5 KB", "900 bytes" (rounded down to a tenth).

export function byteSizeText(bytes: number): string {
  const [unit, size] = bytes >= 1024 * 1024 ? ["MB", bytes / 1024 / 1024] : bytes >= 1024 ? ["KB", bytes / 1024] : ["bytes", bytes];
  return `${Math.floor(size * 10) / 10} ${unit}`;
}
