package dev.chatgeist.chart;

/** A rendered chart: its title (for captions and logs), the PNG, its size in pixels and how many data rows it shows. */
public record Chart(String title, byte[] png, int width, int height, int rows) {}
