package io.falcotcp.protocol.v02;

import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.net.URL;
import java.net.URLClassLoader;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

/**
 * {@link V02Compression} loaded where the optional codec libraries are absent, by a class loader that hides them.
 */
class V02CompressionWithoutLibrariesTests {

    @Test
    void reportsXzAndZstdUnavailableAndNamesTheMissingLibraryWhenAPeerUsesOne() throws Exception {
        try (HidingClassLoader loader = new HidingClassLoader()) {
            Class<?> type = loader.loadClass(V02Compression.class.getName());
            assertThat(type.getClassLoader()).isSameAs(loader);
            Method isAvailable = type.getMethod("isAvailable");
            Method decompress = type.getMethod("decompress", byte[].class, int.class);
            assertThat(isAvailable.invoke(constant(type, "LZMA"))).isEqualTo(false);
            assertThat(isAvailable.invoke(constant(type, "ZSTD"))).isEqualTo(false);
            assertThat(isAvailable.invoke(constant(type, "GZIP"))).isEqualTo(true);
            assertThat(isAvailable.invoke(constant(type, "LZ4"))).isEqualTo(true);
            Throwable xz = catchThrowable(() -> decompress.invoke(constant(type, "LZMA"), new byte[8], 1024));
            Throwable zstd = catchThrowable(() -> decompress.invoke(constant(type, "ZSTD"), new byte[8], 1024));
            assertThat(xz).isInstanceOf(InvocationTargetException.class);
            assertThat(xz.getCause().getClass().getName()).isEqualTo(V02FrameException.class.getName());
            assertThat(xz.getCause()).hasMessageContaining("org.tukaani:xz is not on the class path");
            assertThat(zstd.getCause()).hasMessageContaining("com.github.luben:zstd-jni is not on the class path");
        }
    }

    @SuppressWarnings({ "unchecked", "rawtypes" })
    private static Object constant(Class<?> type, String name) {
        return Enum.valueOf((Class) type, name);
    }

    /**
     * Loads this package's classes itself and hides the optional libraries; everything else comes from the test's
     * class path.
     */
    private static final class HidingClassLoader extends URLClassLoader {

        HidingClassLoader() {
            super(new URL[] { V02Compression.class.getProtectionDomain().getCodeSource().getLocation() },
                    V02Compression.class.getClassLoader());
        }

        @Override
        protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
            if (name.startsWith("org.tukaani.") || name.startsWith("com.github.luben.")) {
                throw new ClassNotFoundException(name + " is hidden by the test");
            }
            if (!name.startsWith(V02Compression.class.getPackageName() + ".")) {
                return super.loadClass(name, resolve);
            }
            synchronized (getClassLoadingLock(name)) {
                Class<?> loaded = findLoadedClass(name);
                return (loaded != null) ? loaded : findClass(name);
            }
        }

    }

}
