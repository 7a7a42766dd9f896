package io.kboss.agent.disk;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import javax.imageio.ImageIO;
import org.junit.Test;

/** A hypervisor that answers a screenshot as PPM still gives the store a PNG a browser can show. */
public class PicturesTest {

    @Test
    public void aBinaryPpmBecomesAPngWithTheSamePixels() throws Exception {
        ByteArrayOutputStream ppm = new ByteArrayOutputStream();
        ppm.write("P6\n# a comment\n2 1\n255\n".getBytes(StandardCharsets.US_ASCII));
        ppm.write(new byte[]{(byte) 255, 0, 0, 0, (byte) 128, (byte) 255});

        BufferedImage png = ImageIO.read(new ByteArrayInputStream(Pictures.toPng(ppm.toByteArray(),
                "image/x-portable-pixmap")));

        assertEquals(2, png.getWidth());
        assertEquals(1, png.getHeight());
        assertEquals(0xff0000, png.getRGB(0, 0) & 0xffffff);
        assertEquals(0x0080ff, png.getRGB(1, 0) & 0xffffff);
    }

    @Test
    public void aPictureOfAnotherKindOrCutShortIsRefusedWithWhatItWas() {
        IOException other = assertThrows(IOException.class, () -> Pictures.toPng(new byte[]{1, 2, 3}, "image/bmp"));
        assertEquals("the hypervisor gave the screenshot as image/bmp, which this agent cannot turn into PNG",
                other.getMessage());
        assertThrows(IOException.class,
                () -> Pictures.toPng("P6 4 4 255\n123".getBytes(StandardCharsets.US_ASCII), "image/x-portable-pixmap"));
    }
}
