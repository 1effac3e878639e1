package io.tsunagu.routing.topic;

import io.tsunagu.contracts.event.Subscription;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

/**
 * The members of one shared subscription group of a tenant, {@code $share/{ShareName}/{filter}}, and the rotation
 * that gives each message matching the group to exactly one of them (MQTT 5 §4.8.2).
 *
 * <p>Rotation: round-robin in the order the members joined, per group and per routing replica (each replica routes
 * its own publish partitions and rotates on its own). A member that subscribes again keeps its place; one that
 * leaves drops out at once and the rotation continues with the member that followed it.
 *
 * <p>Threading: one writer ({@link #put}, {@link #remove}: the session-stream reader) and any number of concurrent
 * readers ({@link #next}, publish processing). Members and the rotation position are one immutable value swapped by
 * compare-and-set, so no lock is taken and two concurrent readers never get the same turn.
 *
 * @param <K> the type of client keys
 */
public final class SharedGroup<K> {

    /**
     * One member of the group.
     *
     * @param client the member's key
     * @param subscription its subscription, whose filter is the whole {@code $share/...} filter
     */
    public record Member<K>(K client, Subscription subscription) {

        public Member {
            Objects.requireNonNull(client, "client");
            Objects.requireNonNull(subscription, "subscription");
        }
    }

    /** The members in rotation order, and the index of the one whose turn is next (0 when there are none). */
    private record Rotation<K>(List<Member<K>> members, int next) {
    }

    private final AtomicReference<Rotation<K>> rotation = new AtomicReference<>(new Rotation<>(List.of(), 0));

    /**
     * Adds {@code client} at the end of the rotation, or replaces its subscription where it stands. Writer only.
     *
     * @return the replaced subscription, or null if the client was not a member
     */
    Subscription put(K client, Subscription subscription) {
        Member<K> member = new Member<>(client, subscription);
        Rotation<K> before = rotation.getAndUpdate(current -> withMember(current, member));
        int index = indexOf(before.members(), client);
        return index < 0 ? null : before.members().get(index).subscription();
    }

    /**
     * Removes {@code client} from the rotation. Writer only.
     *
     * @return whether it was a member
     */
    boolean remove(K client) {
        Rotation<K> before = rotation.getAndUpdate(current -> withoutMember(current, client));
        return indexOf(before.members(), client) >= 0;
    }

    /**
     * Takes the next turn: the first member from the rotation's position on that {@code eligible} accepts, and moves
     * the position past it. Members it refuses keep their turn for the next message. Any thread.
     *
     * @return the chosen member, or empty when no member is eligible (the rotation does not move)
     */
    public Optional<Member<K>> next(Predicate<? super K> eligible) {
        while (true) {
            Rotation<K> current = rotation.get();
            List<Member<K>> members = current.members();
            int chosen = firstEligible(current, eligible);
            if (chosen < 0) {
                return Optional.empty();
            }
            Rotation<K> advanced = new Rotation<>(members, (chosen + 1) % members.size());
            if (rotation.compareAndSet(current, advanced)) {
                return Optional.of(members.get(chosen));
            }
        }
    }

    /** The members in rotation order. Any thread. */
    public List<Member<K>> members() {
        return rotation.get().members();
    }

    /** The number of members. Any thread. */
    public int size() {
        return rotation.get().members().size();
    }

    /** Whether the group has no member left. Any thread. */
    public boolean isEmpty() {
        return rotation.get().members().isEmpty();
    }

    private static <K> int firstEligible(Rotation<K> rotation, Predicate<? super K> eligible) {
        List<Member<K>> members = rotation.members();
        for (int step = 0; step < members.size(); step++) {
            int index = (rotation.next() + step) % members.size();
            if (eligible.test(members.get(index).client())) {
                return index;
            }
        }
        return -1;
    }

    private static <K> Rotation<K> withMember(Rotation<K> rotation, Member<K> member) {
        List<Member<K>> members = new ArrayList<>(rotation.members());
        int index = indexOf(members, member.client());
        if (index < 0) {
            members.add(member);
        } else {
            members.set(index, member);
        }
        return new Rotation<>(List.copyOf(members), rotation.next());
    }

    /** The rotation without {@code client}; the member after it, if any, keeps the turn it would have had. */
    private static <K> Rotation<K> withoutMember(Rotation<K> rotation, K client) {
        int index = indexOf(rotation.members(), client);
        if (index < 0) {
            return rotation;
        }
        List<Member<K>> members = new ArrayList<>(rotation.members());
        members.remove(index);
        int next = index < rotation.next() ? rotation.next() - 1 : rotation.next();
        return new Rotation<>(List.copyOf(members), next >= members.size() ? 0 : next);
    }

    private static <K> int indexOf(List<Member<K>> members, K client) {
        for (int i = 0; i < members.size(); i++) {
            if (members.get(i).client().equals(client)) {
                return i;
            }
        }
        return -1;
    }
}
