// Preloaded into the bench's server by `bench/run.ts --heap-profile` (node --import): V8's sampling heap profiler,
// counting objects the collector has since freed as well, so that the profile shows where a request's
// allocations come from (what sets how often the collector runs), not only what is still alive at the end.
// Written when the server exits, to HEAP_SAMPLE_OUT with the process id added (each worker of a two-worker
// server writes its own); a .heapprofile opens in Chrome DevTools' Memory panel (Load).
import fs from 'node:fs';
import inspector from 'node:inspector';

const out = process.env.HEAP_SAMPLE_OUT;
if (out) {
  const session = new inspector.Session();
  session.connect();
  session.post('HeapProfiler.enable');
  session.post('HeapProfiler.startSampling', {
    samplingInterval: 8192,
    includeObjectsCollectedByMajorGC: true,
    includeObjectsCollectedByMinorGC: true,
  });
  // On the main thread the inspector answers at once, so this runs to its end inside the exit handler.
  process.on('exit', () => {
    session.post('HeapProfiler.stopSampling', (err, result) => {
      if (!err)
        fs.writeFileSync(
          out.replace(/(\.heapprofile)?$/, `-${process.pid}.heapprofile`),
          JSON.stringify(result.profile),
        );
    });
  });
}
