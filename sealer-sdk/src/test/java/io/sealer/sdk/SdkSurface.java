package io.sealer.sdk;

import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.ParameterizedType;
import java.lang.reflect.Type;
import java.util.ArrayList;
import java.util.List;

/** Checks that public methods of an SDK class mention only api, SDK and JDK types. */
final class SdkSurface {
  private SdkSurface() {}

  static void check(Class<?> type) {
    List<String> offenders = new ArrayList<>();
    for (Method m : type.getDeclaredMethods()) {
      if (!Modifier.isPublic(m.getModifiers())) {
        continue;
      }
      List<Type> mentioned = new ArrayList<>(List.of(m.getGenericParameterTypes()));
      mentioned.add(m.getGenericReturnType());
      mentioned.addAll(List.of(m.getGenericExceptionTypes()));
      for (Type t : mentioned) {
        collect(t, m, offenders);
      }
    }
    if (!offenders.isEmpty()) {
      throw new AssertionError("non-api types in the SDK's public signatures: " + offenders);
    }
  }

  private static void collect(Type t, Method m, List<String> offenders) {
    if (t instanceof ParameterizedType p) {
      collect(p.getRawType(), m, offenders);
      for (Type arg : p.getActualTypeArguments()) {
        collect(arg, m, offenders);
      }
    } else if (t instanceof Class<?> c) {
      while (c.isArray()) {
        c = c.getComponentType();
      }
      String name = c.getName();
      boolean allowed =
          c.isPrimitive()
              || name.startsWith("java.")
              || name.startsWith("io.sealer.api.")
              || name.startsWith("io.sealer.sdk.");
      if (!allowed) {
        offenders.add(m.getName() + " uses " + name);
      }
    }
  }
}
