package dev.tern.cli.aws;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import software.amazon.awssdk.core.SdkField;
import software.amazon.awssdk.core.SdkPojo;
import software.amazon.awssdk.core.pagination.sync.SdkIterable;

/**
 * One operation of a service, found in the SDK's model by name: its request and response classes, the client
 * method that calls it, and, when the SDK has a paginator for it, the members that hold its results. Nothing here
 * is listed by hand, so an operation the server learns (CopyImage, say) is a command already.
 */
final class Operation {
    final Service service;
    final String name;
    final Class<?> requestClass;
    final Class<?> responseClass;
    private final Method builderMethod;
    /** The result members a paginator merges across pages, in the SDK's order; empty if the operation does not page. */
    final List<String> resultKeys;

    private Operation(Service service, String name, Class<?> requestClass, Class<?> responseClass, Method builderMethod,
                      List<String> resultKeys) {
        this.service = service;
        this.name = name;
        this.requestClass = requestClass;
        this.responseClass = responseClass;
        this.builderMethod = builderMethod;
        this.resultKeys = resultKeys;
    }

    /** The operation a command names, or null when the service's model has none of that name. */
    static Operation find(Service service, String command) {
        String name = Names.pascal(command);
        Class<?> request = load(service.modelPackage + ".model." + name + "Request");
        if (request == null || !Names.kebab(name).equals(command)) {
            // Kebab case loses capitals ("DescribeIpv6Pools"); the model's own list settles those rare names.
            name = all(service).get(command);
            request = name == null ? null : load(service.modelPackage + ".model." + name + "Request");
        }
        if (request == null) {
            return null;
        }
        Class<?> response = load(service.modelPackage + ".model." + name + "Response");
        try {
            Method builder = request.getMethod("builder");
            return new Operation(service, name, request, response, builder, resultKeys(service, name));
        } catch (NoSuchMethodException e) {
            return null;
        }
    }

    /** Every operation of the service by command name, sorted: from the client interface (slow; for help only). */
    static TreeMap<String, String> all(Service service) {
        TreeMap<String, String> ops = new TreeMap<>();
        for (Method m : service.clientInterface.getMethods()) {
            Class<?>[] params = m.getParameterTypes();
            if (params.length == 1 && SdkPojo.class.isAssignableFrom(params[0])
                    && params[0].getSimpleName().endsWith("Request")
                    && m.getReturnType().getSimpleName().endsWith("Response")) {
                String name = params[0].getSimpleName().substring(0, params[0].getSimpleName().length() - 7);
                ops.put(Names.kebab(name), name);
            }
        }
        return ops;
    }

    String command() {
        return Names.kebab(name);
    }

    SdkPojo newRequestBuilder() {
        try {
            return (SdkPojo) builderMethod.invoke(null);
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException(e);
        }
    }

    List<SdkField<?>> requestFields() {
        return newRequestBuilder().sdkFields();
    }

    boolean pages() {
        return !resultKeys.isEmpty();
    }

    /** The client's method for this operation: {@code describeImages(DescribeImagesRequest)}. */
    MethodHandle call() throws ReflectiveOperationException {
        return MethodHandles.publicLookup().findVirtual(service.clientInterface, Names.lowerFirst(name),
                MethodType.methodType(responseClass, requestClass));
    }

    /** The client's paginator method: {@code describeImagesPaginator(DescribeImagesRequest)}. */
    MethodHandle paginator() throws ReflectiveOperationException {
        Class<?> iterable = load(service.modelPackage + ".paginators." + name + "Iterable");
        return MethodHandles.publicLookup().findVirtual(service.clientInterface, Names.lowerFirst(name) + "Paginator",
                MethodType.methodType(iterable, requestClass));
    }

    private static List<String> resultKeys(Service service, String name) {
        Class<?> iterable = load(service.modelPackage + ".paginators." + name + "Iterable");
        List<String> keys = new ArrayList<>();
        if (iterable == null) {
            return keys;
        }
        // The SDK's paginator has one method per result key, returning the items of every page.
        for (Method m : iterable.getDeclaredMethods()) {
            if (m.getParameterCount() == 0 && SdkIterable.class.isAssignableFrom(m.getReturnType())
                    && java.lang.reflect.Modifier.isPublic(m.getModifiers())) {
                keys.add(Names.upperFirst(m.getName()));
            }
        }
        return keys;
    }

    private static Class<?> load(String className) {
        try {
            return Class.forName(className, false, Operation.class.getClassLoader());
        } catch (ClassNotFoundException e) {
            return null;
        }
    }
}
