package io.kboss.server.inventory.domain;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertThrows;
import static org.junit.Assert.assertTrue;

import org.junit.Test;

public class ImageStoreUrlTest {

    @Test
    public void localFoldersAreAcceptedAsFileUrlsOrAbsolutePaths() throws InvalidImageStoreUrlException {
        ImageStoreUrl a = ImageStoreUrl.parse("file:///srv/backups/");
        assertEquals(ImageStoreUrl.Protocol.FILE, a.protocol());
        assertEquals("/srv/backups", a.path());
        assertEquals("file:///srv/backups", a.url());
        assertEquals("file:///srv/backups", ImageStoreUrl.parse("/srv//backups").url());
    }

    @Test
    public void nfsExportsNeedHostAndPath() throws InvalidImageStoreUrlException {
        ImageStoreUrl n = ImageStoreUrl.parse("nfs://nas.example.org/export/kboss");
        assertEquals("nas.example.org", n.host());
        assertEquals("/export/kboss", n.path());
        assertTrue(refused("nfs:///export").contains("server name"));
        assertTrue(refused("nfs://nas/").contains("export path"));
        assertTrue(refused("nfs://nas:2049/export").contains("no port"));
    }

    @Test
    public void everythingElseIsRefusedWithTheAcceptedForms() {
        assertTrue(refused("relative/path").contains("file:///absolute/path"));
        assertTrue(refused("http://host/x").contains("Unsupported url scheme"));
        assertTrue(refused("file://host/x").contains("three slashes"));
        assertTrue(refused("/srv/../etc").contains(".."));
        assertTrue(refused("nfs://user:pw@nas/export").contains("user information"));
        assertTrue(refused("/srv/a b").contains("characters"));
        assertTrue(refused("/srv/x?y=1").contains("characters"));
        assertTrue(refused(" ").contains("empty"));
    }

    private static String refused(String url) {
        return assertThrows(InvalidImageStoreUrlException.class, () -> ImageStoreUrl.parse(url)).getMessage();
    }
}
