package dev.chatgeist.chart;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/** Deterministic chart specs of every kind, with the labels real chats have (Cyrillic, CJK, emoji, long names). */
public final class ChartSamples {
    private ChartSamples() {}

    public static ChartSpec monthlyLine() {
        List<String> labels = new ArrayList<>();
        List<Double> values = new ArrayList<>();
        Random r = new Random(7);
        for (int i = 0; i < 30; i++) {
            labels.add(String.format("%d-%02d", 2023 + (i / 12), i % 12 + 1));
            values.add((double) (800 + r.nextInt(1500) + i * 40));
        }
        return ChartSpec.inline(
                "Повідомлень на місяць",
                ChartKind.LINE,
                "місяць",
                "повідомлень",
                new ChartData(labels, List.of(new ChartData.Series("повідомлення", values))));
    }

    public static ChartSpec topSenders() {
        List<String> names = List.of(
                "Олена Коваль",
                "田中太郎",
                "Тарас 🚀 Шевчук",
                "Іван Петренко",
                "Alexandra Konstantinopolskaya-Vasilenko von Habsburg",
                "김민준",
                "María José",
                "Богдан",
                "Світлана",
                "Nguyễn Văn A");
        List<Double> values = new ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            values.add(12345.0 / (i + 1));
        }
        return ChartSpec.inline(
                "Хто пише найбільше",
                ChartKind.HORIZONTAL_BAR,
                "",
                "повідомлень",
                new ChartData(names, List.of(new ChartData.Series("messages", values))));
    }

    public static ChartSpec bar() {
        return ChartSpec.inline(
                "Messages per weekday",
                ChartKind.BAR,
                "weekday",
                "messages",
                new ChartData(
                        List.of("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"),
                        List.of(new ChartData.Series(
                                "messages", List.of(1200.0, 1350.0, 1280.0, 1420.0, 990.0, 640.0, 580.0)))));
    }

    public static ChartSpec stacked() {
        List<String> months = List.of("2025-01", "2025-02", "2025-03", "2025-04", "2025-05", "2025-06");
        return ChartSpec.inline(
                "Повідомлення за авторами",
                ChartKind.STACKED_BAR,
                "",
                "повідомлень",
                new ChartData(
                        months,
                        List.of(
                                new ChartData.Series("Олена", List.of(120.0, 140.0, 90.0, 200.0, 180.0, 160.0)),
                                new ChartData.Series("田中", List.of(80.0, 60.0, 110.0, 70.0, 95.0, 130.0)),
                                new ChartData.Series("Тарас 🚀", List.of(40.0, 55.0, 70.0, 65.0, 30.0, 50.0)))));
    }

    public static ChartSpec heatmap() {
        List<String> hours = new ArrayList<>();
        for (int h = 0; h < 24; h++) {
            hours.add(Integer.toString(h));
        }
        String[] days = {"Пн", "Вт", "Ср", "Чт", "Пт", "Сб", "Нд"};
        List<ChartData.Series> rows = new ArrayList<>();
        for (int d = 0; d < 7; d++) {
            List<Double> v = new ArrayList<>();
            for (int h = 0; h < 24; h++) {
                double base = h < 7 ? 2 : h < 12 ? 30 : h < 18 ? 55 : h < 23 ? 90 : 20;
                v.add(base * (d >= 5 ? 0.6 : 1.0) + (d * 7 + h) % 11);
            }
            rows.add(new ChartData.Series(days[d], v));
        }
        return ChartSpec.inline(
                "Коли пишуть: день тижня × година", ChartKind.HEATMAP, "година", "", new ChartData(hours, rows));
    }

    public static List<ChartSpec> all() {
        return List.of(monthlyLine(), topSenders(), bar(), stacked(), heatmap());
    }
}
