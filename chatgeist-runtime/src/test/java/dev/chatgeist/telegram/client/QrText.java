package dev.chatgeist.telegram.client;

import com.google.zxing.BinaryBitmap;
import com.google.zxing.DecodeHintType;
import com.google.zxing.RGBLuminanceSource;
import com.google.zxing.common.HybridBinarizer;
import com.google.zxing.qrcode.QRCodeReader;
import java.util.List;
import java.util.Map;

/** Reads a QR code printed by {@link QrTerminal} back, as a phone camera would see it on a dark terminal. */
public final class QrText {
    private QrText() {}

    /** Rebuilds the modules from the half-blocks (ink = light module), 4 pixels each, and decodes them with ZXing. */
    public static String decode(List<String> lines) throws Exception {
        int scale = 4;
        int width = lines.get(0).length();
        int height = lines.size() * 2;
        int[] pixels = new int[width * scale * height * scale];
        for (int row = 0; row < lines.size(); row++) {
            String line = lines.get(row);
            for (int x = 0; x < width; x++) {
                char c = line.charAt(x);
                boolean[] light = {c == '█' || c == '▀', c == '█' || c == '▄'};
                for (int half = 0; half < 2; half++) {
                    int rgb = light[half] ? 0xffffff : 0x000000;
                    for (int dy = 0; dy < scale; dy++) {
                        for (int dx = 0; dx < scale; dx++) {
                            pixels[((row * 2 + half) * scale + dy) * width * scale + x * scale + dx] = rgb;
                        }
                    }
                }
            }
        }
        RGBLuminanceSource source = new RGBLuminanceSource(width * scale, height * scale, pixels);
        return new QRCodeReader()
                .decode(
                        new BinaryBitmap(new HybridBinarizer(source)),
                        Map.of(DecodeHintType.PURE_BARCODE, Boolean.TRUE))
                .getText();
    }
}
