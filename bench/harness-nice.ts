/**
 * The nice value of what stands for the outside world in the benchmarks: the Stripe emulator's process and
 * the load generator's thread (Stripe's webhook sender). In production neither runs on the shop's
 * machine; here they share its two cores, and at the same priority the scheduler gave them the cores as
 * often as the services' thread, whose wait then counted as the system's. At nice 10 they run on what the
 * system leaves (their CPU per order is still measured and printed). BENCH_HARNESS_NICE=0 for equal priority.
 */
export const harnessNice = Math.max(0, Math.min(19, Number(process.env.BENCH_HARNESS_NICE ?? 10) || 0));
