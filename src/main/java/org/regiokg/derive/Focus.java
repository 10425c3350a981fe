package org.regiokg.derive;

import java.util.Collection;
import java.util.List;

import org.apache.jena.graph.Node;
import org.apache.jena.query.Query;
import org.apache.jena.sparql.core.Var;
import org.apache.jena.sparql.engine.binding.BindingFactory;
import org.apache.jena.sparql.syntax.Element;
import org.apache.jena.sparql.syntax.ElementData;
import org.apache.jena.sparql.syntax.ElementGroup;
import org.apache.jena.sparql.syntax.ElementSubQuery;
import org.apache.jena.sparql.syntax.ElementUnion;

/**
 * A rule's query narrowed to some focus things: {@code VALUES ?focus { … }} first in its pattern and
 * first in every sub-select that returns the focus variable, so the engine starts from those
 * things (one query for all of them, index look-ups from each) instead of from every match.
 */
final class Focus {
    private Focus() {}

    static Query narrow(Query query, Var var, Collection<Node> things) {
        ElementData values = new ElementData(List.of(var), things.stream().map(n -> BindingFactory.binding(var, n)).toList());
        boolean[] inSubSelect = {false};
        Element narrowed = intoSubSelects(query.getQueryPattern(), var, values, inSubSelect);
        Query out = query.cloneQuery();
        // Where sub-selects return the focus, the values are in them; once more outside would make
        // the engine run the sub-selects once per value.
        out.setQueryPattern(inSubSelect[0] ? narrowed : first(values, narrowed));
        return out;
    }

    /** The pattern with the values first in each sub-select (in groups and unions) that returns the variable. */
    private static Element intoSubSelects(Element el, Var var, ElementData values, boolean[] found) {
        if (el instanceof ElementSubQuery sq && sq.getQuery().getProjectVars().contains(var)) {
            found[0] = true;
            Query copy = sq.getQuery().cloneQuery();
            copy.setQueryPattern(first(values, copy.getQueryPattern()));
            return new ElementSubQuery(copy);
        }
        if (el instanceof ElementGroup g) {
            ElementGroup out = new ElementGroup();
            g.getElements().forEach(e -> out.addElement(intoSubSelects(e, var, values, found)));
            return out;
        }
        if (el instanceof ElementUnion u) {
            ElementUnion out = new ElementUnion();
            u.getElements().forEach(e -> out.addElement(intoSubSelects(e, var, values, found)));
            return out;
        }
        return el;
    }

    private static Element first(ElementData values, Element pattern) {
        // Flat, not nested: the engine then joins the values with the first patterns by substitution.
        ElementGroup group = new ElementGroup();
        group.addElement(values);
        if (pattern instanceof ElementGroup g) g.getElements().forEach(group::addElement);
        else group.addElement(pattern);
        return group;
    }
}
