package org.coophive.common.model;

import com.fasterxml.jackson.annotation.JacksonAnnotationsInside;
import com.fasterxml.jackson.annotation.JsonSetter;
import com.fasterxml.jackson.annotation.Nulls;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Reads a missing or null JSON value of a primitive record component as 0 (or false), as the
 * model's never-null rule says, whatever the mapper's {@code FAIL_ON_NULL_FOR_PRIMITIVES} (which
 * Jackson 3 enables by default and also applies to absent record components).
 */
@Target({ElementType.FIELD, ElementType.METHOD, ElementType.PARAMETER, ElementType.ANNOTATION_TYPE})
@Retention(RetentionPolicy.RUNTIME)
@JacksonAnnotationsInside
@JsonSetter(nulls = Nulls.AS_EMPTY)
@interface ZeroWhenAbsent {}
