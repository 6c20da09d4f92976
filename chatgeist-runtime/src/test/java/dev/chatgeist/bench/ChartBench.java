package dev.chatgeist.bench;

import com.sun.management.ThreadMXBean;
import dev.chatgeist.chart.ChartFonts;
import dev.chatgeist.chart.ChartRenderer;
import dev.chatgeist.chart.ChartSamples;
import dev.chatgeist.chart.ChartSpec;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test): renders the five sample charts (one per kind, with Cyrillic, CJK and emoji labels) many
 * times and prints, per kind, the p50 and p95 rendering time, the bytes allocated per chart and the PNG size, then
 * the heap's peak over the whole run. Run with bench/charts.sh.
 */
public final class ChartBench {
    public static void main(String[] args) {
        int runs = args.length > 0 ? Integer.parseInt(args[0]) : 50;
        ChartRenderer renderer = new ChartRenderer(ChartFonts.installed());
        Locale uk = Locale.forLanguageTag("uk");
        ThreadMXBean threads = (ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long startNs = System.nanoTime();
        byte[] first = renderer.renderPng(ChartSamples.bar(), ChartSamples.bar().data(), uk);
        System.out.printf(
                "first chart (fonts loaded, classes initialised): %d ms, %d KB%n",
                (System.nanoTime() - startNs) / 1_000_000, first.length / 1024);
        for (int i = 0; i < 10; i++) { // warm-up
            for (ChartSpec s : ChartSamples.all()) {
                renderer.renderPng(s, s.data(), uk);
            }
        }
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            p.resetPeakUsage();
        }
        System.out.printf(
                "%d runs per kind, Xmx %d MB%n", runs, Runtime.getRuntime().maxMemory() >> 20);
        System.out.printf("%-16s %8s %8s %12s %8s%n", "kind", "p50_ms", "p95_ms", "alloc_MB", "png_KB");
        List<Double> all = new ArrayList<>();
        for (ChartSpec s : ChartSamples.all()) {
            List<Double> ms = new ArrayList<>();
            long allocated = threads.getThreadAllocatedBytes(id);
            int png = 0;
            for (int i = 0; i < runs; i++) {
                long t = System.nanoTime();
                png = renderer.renderPng(s, s.data(), uk).length;
                ms.add((System.nanoTime() - t) / 1e6);
            }
            allocated = threads.getThreadAllocatedBytes(id) - allocated;
            all.addAll(ms);
            System.out.printf(
                    "%-16s %8.1f %8.1f %12.1f %8d%n",
                    s.kind().jsonName(), pct(ms, 50), pct(ms, 95), allocated / (double) runs / (1 << 20), png / 1024);
        }
        System.out.printf("%-16s %8.1f %8.1f%n", "all", pct(all, 50), pct(all, 95));
        long peak = 0;
        for (MemoryPoolMXBean p : ManagementFactory.getMemoryPoolMXBeans()) {
            if (p.getType() == MemoryType.HEAP) {
                peak += p.getPeakUsage().getUsed();
            }
        }
        System.out.printf("heap peak while rendering (sum of pool peaks): %d MB%n", peak >> 20);
    }

    private static double pct(List<Double> values, int p) {
        List<Double> sorted = new ArrayList<>(values);
        sorted.sort(Double::compare);
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
