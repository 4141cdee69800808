package dev.gni.testsupport;

import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Marks tests that start real containerd daemons: they run only as root with the cached containerd builds,
 * {@code unshare}, umoci and skopeo present, and are skipped with the reason otherwise. Set
 * {@code GNI_REQUIRE_REAL_CONTAINERD=1} (as .ci/test does) or {@code CI=true} to make them run, and fail, when
 * something is missing.
 */
@Target({ElementType.TYPE, ElementType.METHOD})
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(RealContainerdCondition.class)
public @interface RequiresRealContainerd {
}
