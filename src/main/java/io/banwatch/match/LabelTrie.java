package io.banwatch.match;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Host rules compiled into a trie keyed by labels from the right ({@code com → kaspersky → geo → dnl-##}). A lookup
 * walks the name's labels in place: literal children are found by hashing the label's characters inside the name,
 * so a miss touches a few table slots and allocates nothing; glob children are tried only where rules put them.
 */
final class LabelTrie {

    private final Node root;

    private LabelTrie(Node root) {
        this.root = root;
    }

    /** The most specific rule matching {@code name} (normalised), or null. */
    CompiledRule find(String name) {
        if (name == null || name.isEmpty()) {
            return null;
        }
        return descend(root, name, name.length(), null);
    }

    /**
     * Visits {@code node}, reached after consuming every label from {@code end} to the right; {@code end} is -1 when
     * the whole name has been consumed. Recursion depth is bounded by the deepest pattern, not by the name.
     */
    private static CompiledRule descend(Node node, String name, int end, CompiledRule best) {
        best = CompiledRule.better(best, node.suffixRule);
        if (end < 0) {
            return CompiledRule.better(best, node.exactRule);
        }
        int start = name.lastIndexOf('.', end - 1) + 1;
        int next = start == 0 ? -1 : start - 1;
        Node literal = node.literalChild(name, start, end);
        if (literal != null) {
            best = descend(literal, name, next, best);
        }
        for (int i = 0; i < node.globs.length; i++) {
            if (node.globs[i].matches(name, start, end)) {
                best = descend(node.globChildren[i], name, next, best);
            }
        }
        return best;
    }

    /** Collects rules, then {@link #build()}s the immutable trie. */
    static final class Builder {
        private final MutableNode root = new MutableNode();

        /** Adds {@code rule} under {@code pattern}; of two rules on one pattern the higher priority is kept. */
        void add(HostPattern pattern, CompiledRule rule) {
            MutableNode node = root;
            for (int i = 0; i < pattern.labelCount(); i++) {
                LabelGlob glob = pattern.reversedGlob(i);
                String label = pattern.reversedLabel(i);
                if (glob == null) {
                    node = node.literals.computeIfAbsent(label, k -> new MutableNode());
                } else {
                    node = node.globs.computeIfAbsent(label, k -> new MutableNode());
                    node.glob = glob;
                }
            }
            if (pattern.exact()) {
                node.exactRule = CompiledRule.better(node.exactRule, rule);
            } else {
                node.suffixRule = CompiledRule.better(node.suffixRule, rule);
            }
        }

        LabelTrie build() {
            return new LabelTrie(root.freeze());
        }
    }

    private static final class MutableNode {
        final Map<String, MutableNode> literals = new LinkedHashMap<>();
        final Map<String, MutableNode> globs = new LinkedHashMap<>();
        LabelGlob glob;
        CompiledRule suffixRule;
        CompiledRule exactRule;

        Node freeze() {
            int size = Integer.highestOneBit(Math.max(1, literals.size()) * 2) * 2; // load factor at most 1/2
            String[] keys = new String[size];
            Node[] children = new Node[size];
            literals.forEach((label, child) -> {
                int slot = Node.spread(label.hashCode()) & (size - 1);
                while (keys[slot] != null) {
                    slot = (slot + 1) & (size - 1);
                }
                keys[slot] = label;
                children[slot] = child.freeze();
            });
            LabelGlob[] globArray = new LabelGlob[globs.size()];
            Node[] globChildren = new Node[globs.size()];
            int i = 0;
            for (MutableNode child : globs.values()) {
                globArray[i] = child.glob;
                globChildren[i++] = child.freeze();
            }
            return new Node(keys, children, globArray, globChildren, suffixRule, exactRule);
        }
    }

    private static final class Node {
        private final String[] keys;
        private final Node[] children;
        private final int mask;
        final LabelGlob[] globs;
        final Node[] globChildren;
        final CompiledRule suffixRule;
        final CompiledRule exactRule;

        Node(
                String[] keys,
                Node[] children,
                LabelGlob[] globs,
                Node[] globChildren,
                CompiledRule suffixRule,
                CompiledRule exactRule) {
            this.keys = keys;
            this.children = children;
            this.mask = keys.length - 1;
            this.globs = globs;
            this.globChildren = globChildren;
            this.suffixRule = suffixRule;
            this.exactRule = exactRule;
        }

        /** The child for the label {@code name[start, end)}; open addressing with linear probing, no substring. */
        Node literalChild(String name, int start, int end) {
            int hash = 0;
            for (int i = start; i < end; i++) {
                hash = 31 * hash + name.charAt(i); // String.hashCode over the label's characters
            }
            int length = end - start;
            for (int slot = spread(hash) & mask; ; slot = (slot + 1) & mask) {
                String key = keys[slot];
                if (key == null) {
                    return null; // tables are at most half full, so an empty slot always ends the probe
                }
                if (key.length() == length && key.regionMatches(0, name, start, length)) {
                    return children[slot];
                }
            }
        }

        static int spread(int hash) {
            return hash ^ (hash >>> 16);
        }
    }
}
