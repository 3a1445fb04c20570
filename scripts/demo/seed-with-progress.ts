/** The demo seed behind a progress bar (`npm run seed:demo`, `npm start -- --demo`). */
import { Presets, SingleBar } from 'cli-progress';
import type { Config } from '../../functions/config';
import { seedDemo } from './seed';

export async function seedDemoWithProgress(config: Config, organisations = 300) {
  const bar = new SingleBar({ format: 'synthetic organisations {bar} {value}/{total} ({eta}s left)' }, Presets.shades_classic);
  bar.start(organisations, 0);
  const started = Date.now();
  try {
    const result = await seedDemo(config, { organisations, progress: (done) => bar.update(done) });
    bar.stop();
    console.log(
      `seeded ${result.organisations} synthetic organisations with ${result.submissions} submissions in ${((Date.now() - started) / 1000).toFixed(1)} s (analysts: population=synthetic)`,
    );
    return result;
  } finally {
    bar.stop();
  }
}
