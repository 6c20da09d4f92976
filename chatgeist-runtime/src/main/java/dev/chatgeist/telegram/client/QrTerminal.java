package dev.chatgeist.telegram.client;

import com.google.zxing.BarcodeFormat;
import com.google.zxing.EncodeHintType;
import com.google.zxing.WriterException;
import com.google.zxing.common.BitMatrix;
import com.google.zxing.qrcode.QRCodeWriter;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A QR code as terminal text (encoded by ZXing): two module rows per line with Unicode half-blocks, a LIGHT module
 * drawn as ink (▀ top, ▄ bottom, █ both) so that light text on a dark terminal shows dark modules as background;
 * a quiet zone of {@value #QUIET_ZONE} modules all round, as the phone's scanner needs.
 */
public final class QrTerminal {
    static final int QUIET_ZONE = 2;

    private QrTerminal() {}

    public static List<String> render(String text) {
        BitMatrix m;
        try {
            m = new QRCodeWriter()
                    .encode(
                            text,
                            BarcodeFormat.QR_CODE,
                            0,
                            0,
                            Map.of(
                                    EncodeHintType.MARGIN,
                                    QUIET_ZONE,
                                    EncodeHintType.ERROR_CORRECTION,
                                    ErrorCorrectionLevel.L));
        } catch (WriterException e) {
            throw new IllegalArgumentException("cannot encode a QR code of " + text.length() + " characters", e);
        }
        List<String> lines = new ArrayList<>();
        for (int y = 0; y < m.getHeight(); y += 2) {
            StringBuilder line = new StringBuilder(m.getWidth());
            for (int x = 0; x < m.getWidth(); x++) {
                boolean topLight = !m.get(x, y);
                boolean bottomLight = y + 1 >= m.getHeight() || !m.get(x, y + 1);
                line.append(topLight ? (bottomLight ? '█' : '▀') : (bottomLight ? '▄' : ' '));
            }
            lines.add(line.toString());
        }
        return lines;
    }
}
