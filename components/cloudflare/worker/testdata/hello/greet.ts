export function greet(path: string): string {
  return `hello from ${path}`;
}
