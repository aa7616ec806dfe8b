package io.gio.odata.query;

import io.gio.spf.SpfException;
import io.gio.spf.query.Expr;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.olingo.commons.api.edm.EdmEnumType;
import org.apache.olingo.commons.api.edm.EdmType;
import org.apache.olingo.server.api.uri.UriResource;
import org.apache.olingo.server.api.uri.UriResourceProperty;
import org.apache.olingo.server.api.uri.queryoption.expression.BinaryOperatorKind;
import org.apache.olingo.server.api.uri.queryoption.expression.Expression;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitException;
import org.apache.olingo.server.api.uri.queryoption.expression.ExpressionVisitor;
import org.apache.olingo.server.api.uri.queryoption.expression.Literal;
import org.apache.olingo.server.api.uri.queryoption.expression.Member;
import org.apache.olingo.server.api.uri.queryoption.expression.MethodKind;
import org.apache.olingo.server.api.uri.queryoption.expression.UnaryOperatorKind;

/** Turns Olingo's parsed {@code $filter} / {@code $orderby} trees into the store's {@link Expr}. */
public final class FilterTranslator implements ExpressionVisitor<Expr> {

    public static Expr translate(Expression expression) {
        try {
            return expression.accept(new FilterTranslator());
        } catch (ExpressionVisitException | org.apache.olingo.server.api.ODataApplicationException e) {
            throw SpfException.badRequest("The expression cannot be evaluated: " + e.getMessage());
        }
    }

    @Override
    public Expr visitBinaryOperator(BinaryOperatorKind op, Expr left, Expr right) {
        Expr.BinaryOp b = switch (op) {
            case EQ -> Expr.BinaryOp.EQ;
            case NE -> Expr.BinaryOp.NE;
            case GT -> Expr.BinaryOp.GT;
            case GE -> Expr.BinaryOp.GE;
            case LT -> Expr.BinaryOp.LT;
            case LE -> Expr.BinaryOp.LE;
            case AND -> Expr.BinaryOp.AND;
            case OR -> Expr.BinaryOp.OR;
            case ADD -> Expr.BinaryOp.ADD;
            case SUB -> Expr.BinaryOp.SUB;
            case MUL -> Expr.BinaryOp.MUL;
            case DIV -> Expr.BinaryOp.DIV;
            case MOD -> Expr.BinaryOp.MOD;
            default -> throw SpfException.badRequest("The operator '" + op + "' is not supported in $filter.");
        };
        return new Expr.Binary(b, left, right);
    }

    @Override
    public Expr visitBinaryOperator(BinaryOperatorKind op, Expr left, List<Expr> right) {
        if (op != BinaryOperatorKind.IN) {
            throw SpfException.badRequest("The operator '" + op + "' is not supported in $filter.");
        }
        Expr out = null;
        for (Expr r : right) {
            Expr eq = new Expr.Binary(Expr.BinaryOp.EQ, left, r);
            out = out == null ? eq : new Expr.Binary(Expr.BinaryOp.OR, out, eq);
        }
        return out == null ? new Expr.Literal(false) : out;
    }

    @Override
    public Expr visitUnaryOperator(UnaryOperatorKind op, Expr operand) {
        return new Expr.Unary(op == UnaryOperatorKind.NOT ? Expr.UnaryOp.NOT : Expr.UnaryOp.MINUS, operand);
    }

    @Override
    public Expr visitMethodCall(MethodKind method, List<Expr> args) {
        if (method == MethodKind.SUBSTRINGOF) {
            List<Expr> swapped = new ArrayList<>(List.of(args.get(1), args.get(0)));
            return new Expr.Call("contains", swapped);
        }
        return new Expr.Call(method.toString().toLowerCase(Locale.ROOT), args);
    }

    @Override
    public Expr visitLambdaExpression(String functionName, String variable, Expression expression) {
        throw SpfException.badRequest("Lambda operators (any/all) are not supported in $filter.");
    }

    @Override
    public Expr visitLiteral(Literal literal) {
        return new Expr.Literal(LiteralConverter.convert(literal.getText(), literal.getType()));
    }

    @Override
    public Expr visitMember(Member member) {
        List<String> path = new ArrayList<>();
        for (UriResource part : member.getResourcePath().getUriResourceParts()) {
            if (!(part instanceof UriResourceProperty p)) {
                throw SpfException.badRequest("Only properties may be used in $filter and $orderby, not '"
                        + part.getSegmentValue() + "'.");
            }
            path.add(p.getProperty().getName());
        }
        return new Expr.Prop(path);
    }

    @Override
    public Expr visitAlias(String aliasName) {
        throw SpfException.badRequest("Parameter aliases are not supported in $filter.");
    }

    @Override
    public Expr visitTypeLiteral(EdmType type) {
        throw SpfException.badRequest("Type literals are not supported in $filter.");
    }

    @Override
    public Expr visitLambdaReference(String variableName) {
        throw SpfException.badRequest("Lambda variables are not supported in $filter.");
    }

    @Override
    public Expr visitEnum(EdmEnumType type, List<String> enumValues) {
        throw SpfException.badRequest("Enumerations are not part of this model.");
    }
}
