// Loaded by the worker thread only. Edit compute() and the next job runs the new code.
export function compute(n) {
  return n * n;
}
