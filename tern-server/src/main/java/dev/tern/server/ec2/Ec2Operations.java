package dev.tern.server.ec2;

import java.util.Collection;
import java.util.HashMap;
import java.util.Map;

/** The table of EC2 actions Tern answers. Capabilities add theirs through {@link #add}. */
public final class Ec2Operations {
    private final Map<String, Ec2Operation<?, ?>> byAction = new HashMap<>();

    public Ec2Operations add(Ec2Operation<?, ?> operation) {
        if (byAction.putIfAbsent(operation.action(), operation) != null) {
            throw new IllegalStateException("EC2 action registered twice: " + operation.action());
        }
        return this;
    }

    public Ec2Operation<?, ?> get(String action) {
        return byAction.get(action);
    }

    public Collection<Ec2Operation<?, ?>> all() {
        return byAction.values();
    }
}
