/**
 * The registry of network families ({@link org.capsnet.model.family.Families}): each family's name, class, the
 * paper's sizes and how its width scales. The one list the command line, the notebooks and the model files' JSON
 * read. Depends on model/ and the family packages; nothing in them depends on it.
 */
package org.capsnet.model.family;
