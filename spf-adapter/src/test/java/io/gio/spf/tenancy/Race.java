package io.gio.spf.tenancy;

import io.gio.spf.SpfException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

/** Runs one call on many real threads released at once, and sorts the outcomes. */
final class Race {

    interface Call {
        Object run(int i);
    }

    private Race() {}

    static RaceResult run(int threads, Call call) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        CountDownLatch ready = new CountDownLatch(threads);
        CountDownLatch go = new CountDownLatch(1);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (int i = 0; i < threads; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    ready.countDown();
                    go.await();
                    return call.run(n);
                }));
            }
            ready.await();
            go.countDown();
            int ok = 0;
            List<SpfException> refused = new ArrayList<>();
            List<Throwable> other = new ArrayList<>();
            for (Future<Object> f : futures) {
                try {
                    f.get(5, TimeUnit.MINUTES);
                    ok++;
                } catch (java.util.concurrent.ExecutionException e) {
                    if (e.getCause() instanceof SpfException s) {
                        refused.add(s);
                    } else {
                        other.add(e.getCause());
                    }
                }
            }
            if (!other.isEmpty()) {
                AssertionError failure = new AssertionError(other.size() + " call(s) failed unexpectedly");
                other.forEach(failure::addSuppressed);
                throw failure;
            }
            return new RaceResult(ok, refused);
        } finally {
            pool.shutdownNow();
        }
    }
}

record RaceResult(int succeeded, List<SpfException> refused) {
    @Override
    public String toString() {
        return succeeded + " succeeded, " + refused.size() + " refused: "
                + refused.stream().map(Throwable::getMessage).distinct().toList();
    }
}
