import type { BenchContext } from './index.js';
export async function benchCheckinDelivery(_ctx: BenchContext): Promise<void> {}
