package io.satbus.core;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

class ThreadsTest {
    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void waitsThroughAnInterruptAndKeepsItForTheCaller() throws Exception {
        final CountDownLatch release = new CountDownLatch(1);
        final Thread role = new Thread(() -> {
            try {
                release.await();
            } catch (InterruptedException ex) {
                Thread.currentThread().interrupt();
            }
        });
        role.start();
        Thread.currentThread().interrupt();
        final Thread releaser = new Thread(release::countDown);
        releaser.start();
        Threads.joinUninterruptibly(role);
        assertFalse(role.isAlive(), "returned only once the thread ended");
        assertTrue(Thread.interrupted(), "the caller's interrupt is kept");
    }

    @Test
    @Timeout(value = 10, unit = TimeUnit.SECONDS)
    void returnsAtOnceWhenCalledFromTheThreadItself() throws Exception {
        final boolean[] returned = new boolean[1];
        final Thread self = new Thread(() -> {
            Threads.joinUninterruptibly(Thread.currentThread());
            returned[0] = true;
        });
        self.start();
        self.join();
        assertTrue(returned[0]);
    }
}
