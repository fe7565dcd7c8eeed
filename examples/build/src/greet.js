// Builds a greeting for a name; the one function this example project ships.
export function greet(name) {
  if (!name) throw new Error('a name is required');
  return `Hello, ${name}!`;
}
