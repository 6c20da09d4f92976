package dev.chatgeist.chart;

import java.awt.Font;

/** Told of every run of text a chart draws and the font it is drawn in (a test hook; charts pass a no-op). */
@FunctionalInterface
interface DrawnText {
    void run(String text, Font font);
}
