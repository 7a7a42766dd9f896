package io.kboss.agent.disk;

import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;

/**
 * Screenshots as PNG. QEMU 7.2 under libvirt 9 already answers image/png; older ones answer a
 * binary PPM (P6), which browsers cannot show, so it is converted here.
 */
final class Pictures {
    private Pictures() {
    }

    static byte[] toPng(byte[] picture, String mime) throws IOException {
        if (picture.length > 2 && picture[0] == 'P' && picture[1] == '6') {
            return ppmToPng(picture);
        }
        throw new IOException("the hypervisor gave the screenshot as " + mime + ", which this agent cannot turn into"
                + " PNG");
    }

    /** P6: "P6", width, height, maximum value (255), each as ASCII separated by white space, then RGB bytes. */
    static byte[] ppmToPng(byte[] ppm) throws IOException {
        int[] pos = {2};
        int width = number(ppm, pos);
        int height = number(ppm, pos);
        int max = number(ppm, pos);
        pos[0]++; // the single white space after the maximum value
        if (max != 255 || width <= 0 || height <= 0 || ppm.length < pos[0] + 3L * width * height) {
            throw new IOException("the screenshot is not an 8-bit PPM of its stated size (" + width + "x" + height
                    + ", max " + max + ", " + ppm.length + " bytes)");
        }
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        int p = pos[0];
        for (int y = 0; y < height; y++) {
            for (int x = 0; x < width; x++) {
                int rgb = (ppm[p] & 0xff) << 16 | (ppm[p + 1] & 0xff) << 8 | (ppm[p + 2] & 0xff);
                image.setRGB(x, y, rgb);
                p += 3;
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(image, "png", out);
        return out.toByteArray();
    }

    private static int number(byte[] data, int[] pos) throws IOException {
        int p = pos[0];
        while (p < data.length && (Character.isWhitespace(data[p]) || data[p] == '#')) {
            if (data[p] == '#') {
                while (p < data.length && data[p] != '\n') {
                    p++;
                }
            }
            p++;
        }
        int start = p;
        while (p < data.length && Character.isDigit(data[p])) {
            p++;
        }
        if (start == p) {
            throw new IOException("the screenshot's PPM header is not readable");
        }
        pos[0] = p;
        return Integer.parseInt(new String(data, start, p - start, StandardCharsets.US_ASCII));
    }
}
