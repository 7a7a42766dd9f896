package io.kboss.cloudstack;

import static org.junit.Assert.assertEquals;
import static org.junit.Assert.assertTrue;

import com.cloud.utils.component.PluggableService;
import java.io.InputStream;
import java.util.Properties;
import org.apache.cloudstack.backup.BackupProvider;
import org.apache.cloudstack.framework.config.Configurable;
import org.junit.Test;
import org.springframework.beans.factory.config.TypedStringValue;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.beans.factory.xml.XmlBeanDefinitionReader;
import org.springframework.core.io.ClassPathResource;

/**
 * The plugin is found as CloudStack finds its plugins: META-INF/cloudstack/kboss/module.properties
 * makes it a child of the backup module, whose registries take its BackupProvider and its
 * PluggableService; the Spring context names classes that exist and have those types.
 */
public class SpringRegistrationTest {
    @Test
    public void theModuleIsNamedKbossUnderCloudStacksBackupModule() throws Exception {
        Properties module = new Properties();
        try (InputStream in = new ClassPathResource("META-INF/cloudstack/kboss/module.properties").getInputStream()) {
            module.load(in);
        }

        assertEquals("kboss", module.getProperty("name"));
        assertEquals("backup", module.getProperty("parent"));
    }

    @Test
    public void theContextDeclaresTheProviderNamedKbossAndTheCommandsService() throws Exception {
        DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
        new XmlBeanDefinitionReader(beans).loadBeanDefinitions(new ClassPathResource(
                "META-INF/cloudstack/kboss/spring-backup-kboss-context.xml"));

        Class<?> provider = Class.forName(beans.getBeanDefinition("kbossBackupProvider").getBeanClassName());
        Class<?> operations = Class.forName(beans.getBeanDefinition("kbossOperations").getBeanClassName());

        assertTrue(BackupProvider.class.isAssignableFrom(provider) && Configurable.class.isAssignableFrom(provider));
        assertTrue(PluggableService.class.isAssignableFrom(operations));
        assertEquals("kboss", ((TypedStringValue) beans.getBeanDefinition("kbossBackupProvider").getPropertyValues()
                .get("name")).getValue());
        assertEquals("backup.framework.provider.plugin lists providers by this name", "kboss",
                new KbossBackupProvider().getName());
    }
}
